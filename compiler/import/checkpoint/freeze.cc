// Loading checkpoints and SavedModels from disk and freezing them.
#include "compiler/import/checkpoint/freeze.h"

#include <filesystem>
#include <map>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/checkpoint_path.h"
#include "compiler/import/checkpoint/saved_model.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {

using tensorflow::GraphDef;

absl::StatusOr<FrozenGraph> FreezeCheckpoint(const std::string& path,
                                             const FreezeOptions& options) {
  auto prefix = ResolveCheckpointPrefix(path);
  if (!prefix.ok()) return prefix.status();
  std::string meta_path = options.meta_graph_path.empty()
                              ? *prefix + ".meta"
                              : options.meta_graph_path;
  auto bytes = ReadFileToString(meta_path);
  if (!bytes.ok()) {
    return absl::NotFoundError(absl::StrCat(
        "checkpoint '", *prefix, "' has no graph: cannot read '", meta_path,
        "'; pass the MetaGraphDef with --meta=FILE.meta"));
  }
  tensorflow::MetaGraphDef meta;
  if (!meta.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat(
        "'", meta_path, "' is not a binary MetaGraphDef (truncated or wrong "
        "file); pass the checkpoint's .meta file with --meta"));
  }
  auto bundle = BundleReader::Open(*prefix);
  if (!bundle.ok()) return bundle.status();
  auto graph = FreezeGraphDef(meta.graph_def(), &*bundle, options);
  if (!graph.ok()) return graph.status();
  return FrozenGraph{std::move(*graph), options.feeds, options.fetches};
}

absl::StatusOr<FrozenGraph> FreezeSavedModel(const std::string& dir,
                                             const FreezeOptions& options) {
  auto model = LoadSavedModel(dir);
  if (!model.ok()) return model.status();
  auto meta = SelectMetaGraph(*model, options.tags, dir);
  if (!meta.ok()) return meta.status();
  FreezeOptions opts = options;
  std::map<std::string, tensorflow::TensorInfo> feed_info;
  if (opts.fetches.empty()) {
    auto sig = FindSignature(**meta, options.signature, dir);
    if (!sig.ok()) return sig.status();
    // Map order: outputs and inputs sorted by signature key.
    for (const auto& [key, info] : (*sig)->outputs()) {
      opts.fetches.push_back(info.name());
    }
    if (opts.feeds.empty()) {
      for (const auto& [key, info] : (*sig)->inputs()) {
        opts.feeds.push_back(info.name());
        feed_info[info.name()] = info;
      }
    }
  }
  std::string prefix = (std::filesystem::path(dir) / "variables" / "variables").string();
  std::optional<BundleReader> bundle;
  if (std::filesystem::exists(prefix + ".index")) {
    auto b = BundleReader::Open(prefix);
    if (!b.ok()) return b.status();
    bundle = std::move(*b);
  }
  auto frozen = FreezeGraphDef((*meta)->graph_def(),
                               bundle ? &*bundle : nullptr, opts, feed_info);
  if (!frozen.ok()) return frozen.status();
  return FrozenGraph{std::move(*frozen), opts.feeds, opts.fetches};
}

bool IsCheckpointOrSavedModel(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::is_directory(path)) {
    return fs::exists(fs::path(path) / "saved_model.pb") ||
           fs::exists(fs::path(path) / "saved_model.pbtxt") ||
           fs::exists(fs::path(path) / "checkpoint") ||
           ResolveCheckpointPrefix(path).ok();
  }
  return ResolveCheckpointPrefix(path).ok();
}

absl::StatusOr<GraphDef> LoadFrozenGraphFromCheckpointOrSavedModel(
    const std::string& path, const FreezeOptions& options) {
  namespace fs = std::filesystem;
  absl::StatusOr<FrozenGraph> frozen;
  if (fs::is_directory(path) &&
      (fs::exists(fs::path(path) / "saved_model.pb") ||
       fs::exists(fs::path(path) / "saved_model.pbtxt"))) {
    frozen = FreezeSavedModel(path, options);
  } else {
    frozen = FreezeCheckpoint(path, options);
  }
  if (!frozen.ok()) return frozen.status();
  return std::move(frozen->graph);
}

}  // namespace tfaot::checkpoint
