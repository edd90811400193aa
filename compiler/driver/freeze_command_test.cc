#include "compiler/driver/freeze_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "compiler/import/checkpoint/bundle_writer_for_test.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "compiler/import/checkpoint/test_util.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::driver {
namespace {

namespace fs = std::filesystem;
using checkpoint::testing::ConstFloats;
using checkpoint::testing::FloatTensor;
using checkpoint::testing::NewTempDir;
using checkpoint::testing::ReadGraphDef;

struct Result {
  int code;
  std::string out, err;
};

Result RunFreeze(std::vector<std::string> args) {
  args.insert(args.begin(), "freeze");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  int code = RunFreezeCommand(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

// A checkpoint prefix with y = Neg(v/read), v = [1.5, -2] in the checkpoint.
std::string SmallCheckpoint() {
  std::string prefix = NewTempDir() + "/model";
  checkpoint::testing::WriteBundle(prefix, {FloatTensor("v", {2}, {1.5f, -2})});
  tensorflow::MetaGraphDef meta;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    graph_def {
      node {
        name: "v"
        op: "VariableV2"
        attr { key: "dtype" value { type: DT_FLOAT } }
        attr { key: "shape" value { shape { dim { size: 2 } } } }
      }
      node { name: "v/read" op: "Identity" input: "v" }
      node { name: "y" op: "Neg" input: "v/read" }
    })pb", &meta));
  checkpoint::testing::WriteStringToFile(prefix + ".meta",
                                         meta.SerializeAsString());
  return prefix;
}

bool OneErrorLine(const std::string& err) {
  return absl::StartsWith(err, "tfaotc freeze: error: ") &&
         std::count(err.begin(), err.end(), '\n') == 1;
}

TEST(FreezeCommandTest, HelpAndUsageErrors) {
  Result help = RunFreeze({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_TRUE(absl::StrContains(help.out, "--checkpoint")) << help.out;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"--bogus=1"},
           {"positional"},
           {"--checkpoint=x", "--out=y"},  // no --fetch
           {"--checkpoint=x", "--saved_model=y", "--out=z"},
           {"--saved_model=y"}}) {
    Result r = RunFreeze(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(OneErrorLine(r.err)) << r.err;
  }
}

TEST(FreezeCommandTest, FreezesCheckpointToFile) {
  std::string prefix = SmallCheckpoint();
  std::string out = NewTempDir() + "/frozen.pb";
  Result r = RunFreeze({"--checkpoint=" + prefix, "--fetch=y", "--out=" + out});
  ASSERT_EQ(r.code, 0) << r.err;
  tensorflow::GraphDef g = ReadGraphDef(out);
  EXPECT_EQ(ConstFloats(g, "v"), (std::vector<float>{1.5f, -2}));
  EXPECT_EQ(g.node_size(), 3);
}

TEST(FreezeCommandTest, RestoreFlagRenames) {
  std::string prefix = SmallCheckpoint();
  checkpoint::testing::WriteBundle(
      prefix, {FloatTensor("v", {2}, {1, 1}), FloatTensor("old/v", {2}, {3, 4})});
  std::string out = NewTempDir() + "/frozen.pb";
  Result r = RunFreeze({"--checkpoint=" + prefix, "--fetch=y", "--restore=v=old/v",
                  "--out=" + out});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ConstFloats(ReadGraphDef(out), "v"), (std::vector<float>{3, 4}));
}

TEST(FreezeCommandTest, BadInputLeavesNothingBehind) {
  std::string prefix = SmallCheckpoint();
  {
    std::fstream f(prefix + ".data-00000-of-00001",
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('\x7f');
  }
  std::string dir = NewTempDir();
  std::string out = dir + "/frozen.pb";
  checkpoint::testing::WriteStringToFile(out, "previous");
  Result r = RunFreeze({"--checkpoint=" + prefix, "--fetch=y", "--out=" + out});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(OneErrorLine(r.err)) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "checksum")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "'v'")) << r.err;
  EXPECT_EQ(*checkpoint::ReadFileToString(out), "previous");
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.exists();
  EXPECT_EQ(files, 1);
}

TEST(FreezeCommandTest, MissingMetaSaysWhatToPass) {
  std::string prefix = SmallCheckpoint();
  fs::remove(prefix + ".meta");
  Result r = RunFreeze({"--checkpoint=" + prefix, "--fetch=y",
                  "--out=" + NewTempDir() + "/f.pb"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "--meta")) << r.err;
}

TEST(FreezeCommandTest, InspectListsKeys) {
  std::string prefix = SmallCheckpoint();
  std::ostringstream out;
  EXPECT_EQ(RunInspectCheckpoint(prefix, out), 0);
  EXPECT_EQ(out.str(), "v float [2]\n");
  std::ostringstream none;
  EXPECT_EQ(RunInspectCheckpoint("/nonexistent/ckpt", none), 1);
}

TEST(FreezeCommandTest, InspectRealCheckpoint) {
  TFAOT_TFMODELS_OR_FAIL(models);
  std::ostringstream out;
  EXPECT_EQ(RunInspectCheckpoint(models + "/tfonnx/regression/checkpoint", out), 0);
  EXPECT_EQ(out.str(), "W float []\nb float []\n");
}

TEST(FreezeCommandTest, FreezesRealSavedModel) {
  TFAOT_TFMODELS_OR_FAIL(models);
  std::string out = NewTempDir() + "/f.pb";
  Result r = RunFreeze({"--saved_model=" + models + "/serving/saved_model_half_plus_two_cpu",
                  "--tag=serve", "--signature=serving_default", "--out=" + out});
  ASSERT_EQ(r.code, 0) << r.err;
  tensorflow::GraphDef g = ReadGraphDef(out);
  EXPECT_EQ(ConstFloats(g, "a"), std::vector<float>{0.5f});
  EXPECT_EQ(ConstFloats(g, "b"), std::vector<float>{2.0f});
}

}  // namespace
}  // namespace tfaot::driver
