#include "compiler/import/checkpoint/saved_model.h"

#include <filesystem>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "google/protobuf/text_format.h"

namespace tfaot::checkpoint {
namespace fs = std::filesystem;

absl::StatusOr<tensorflow::SavedModel> LoadSavedModel(const std::string& dir) {
  tensorflow::SavedModel model;
  fs::path pb = fs::path(dir) / "saved_model.pb";
  fs::path pbtxt = fs::path(dir) / "saved_model.pbtxt";
  if (fs::exists(pb)) {
    auto bytes = ReadFileToString(pb.string());
    if (!bytes.ok()) return bytes.status();
    if (!model.ParseFromString(*bytes)) {
      return absl::DataLossError(absl::StrCat(
          "'", pb.string(), "' is not a binary SavedModel (truncated?)"));
    }
    return model;
  }
  if (fs::exists(pbtxt)) {
    auto text = ReadFileToString(pbtxt.string());
    if (!text.ok()) return text.status();
    if (!google::protobuf::TextFormat::ParseFromString(*text, &model)) {
      return absl::DataLossError(absl::StrCat(
          "'", pbtxt.string(), "' is not a text SavedModel"));
    }
    return model;
  }
  return absl::NotFoundError(absl::StrCat(
      "'", dir, "' is not a SavedModel directory: it has no saved_model.pb"));
}

absl::StatusOr<const tensorflow::MetaGraphDef*> SelectMetaGraph(
    const tensorflow::SavedModel& model, const std::string& tags,
    const std::string& dir) {
  std::vector<std::string> parts = absl::StrSplit(tags, ',', absl::SkipEmpty());
  std::set<std::string> wanted(parts.begin(), parts.end());
  std::vector<std::string> available;
  for (const auto& meta : model.meta_graphs()) {
    const auto& t = meta.meta_info_def().tags();
    std::set<std::string> have(t.begin(), t.end());
    if (have == wanted) return &meta;
    available.push_back(absl::StrCat("'", absl::StrJoin(have, ","), "'"));
  }
  return absl::NotFoundError(absl::StrCat(
      "SavedModel '", dir, "' has no MetaGraph tagged '", tags,
      "'; its tag sets are ", absl::StrJoin(available, ", "),
      " (pass one with --tag)"));
}

absl::StatusOr<const tensorflow::SignatureDef*> FindSignature(
    const tensorflow::MetaGraphDef& meta, const std::string& key,
    const std::string& dir) {
  auto it = meta.signature_def().find(key);
  if (it != meta.signature_def().end()) return &it->second;
  std::set<std::string> keys;
  for (const auto& [k, v] : meta.signature_def()) keys.insert(k);
  return absl::NotFoundError(absl::StrCat(
      "SavedModel '", dir, "' has no signature '", key, "'; it has ",
      keys.empty() ? std::string("none") : absl::StrJoin(keys, ", "),
      " (pass one with --signature, or give --fetch)"));
}

}  // namespace tfaot::checkpoint
