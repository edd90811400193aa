#include "compiler/import/checkpoint/test_util.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/table_reader.h"

namespace tfaot::checkpoint::testing {

std::string TfModelsDir() {
  const char* dir = std::getenv("TFAOT_TFMODELS");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) return "";
  return dir;
}

std::string NewTempDir() {
  static std::atomic<int> counter{0};
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string base = tmp ? tmp : std::filesystem::temp_directory_path().string();
  std::string dir = absl::StrCat(base, "/ckpt_test_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteStringToFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  ASSERT_TRUE(out.good()) << path;
}

tensorflow::GraphDef ReadGraphDef(const std::string& path) {
  tensorflow::GraphDef g;
  auto bytes = ReadFileToString(path);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  if (bytes.ok()) {
    EXPECT_TRUE(g.ParseFromString(*bytes)) << path;
  }
  return g;
}

std::vector<float> FloatValues(const tensorflow::TensorProto& t) {
  std::vector<float> v;
  if (!t.tensor_content().empty()) {
    v.resize(t.tensor_content().size() / 4);
    std::memcpy(v.data(), t.tensor_content().data(), v.size() * 4);
    return v;
  }
  int64_t n = 1;
  for (const auto& d : t.tensor_shape().dim()) n *= d.size();
  for (int64_t i = 0; i < n && t.float_val_size() > 0; ++i) {
    v.push_back(t.float_val(std::min<int64_t>(i, t.float_val_size() - 1)));
  }
  return v;
}

std::vector<float> ConstFloats(const tensorflow::GraphDef& g,
                               const std::string& name) {
  const tensorflow::NodeDef* n = FindNode(g, name);
  EXPECT_NE(n, nullptr) << "no node " << name;
  if (n == nullptr) return {};
  EXPECT_EQ(n->op(), "Const") << name;
  auto it = n->attr().find("value");
  if (it == n->attr().end()) return {};
  return FloatValues(it->second.tensor());
}

const tensorflow::NodeDef* FindNode(const tensorflow::GraphDef& g,
                                    const std::string& name) {
  for (const auto& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

}  // namespace tfaot::checkpoint::testing
