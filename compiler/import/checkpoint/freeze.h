// Freezing: a GraphDef plus a checkpoint becomes a GraphDef in which every
// variable the fetches read is a Const holding its checkpoint value, and
// everything the fetches do not need (initializers, saver, training ops)
// is pruned, as tf.compat.v1.graph_util.convert_variables_to_constants does.
// Variable flavours: Variable, VariableV2 (read through their /read
// Identity), resource variables (VarHandleOp + ReadVariableOp, which becomes
// an Identity of the Const), and TF2 object-graph checkpoint keys.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_FREEZE_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_FREEZE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/import/checkpoint/bundle_reader.h"
#include "proto/checkpoint.pb.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

struct FreezeOptions {
  // Tensors or nodes to keep ("node" or "node:k"). Required for checkpoints;
  // for a SavedModel, empty means the signature's outputs (and then empty
  // `feeds` mean its inputs); given fetches make the signature unused.
  std::vector<std::string> fetches;
  // Inputs ("node:0"). A feed whose node is not a Placeholder is replaced by
  // one (this is how a SavedModel signature cuts off e.g. a parsing
  // front-end). Feeds are kept even when no fetch reads them.
  std::vector<std::string> feeds;
  // Like tf.train.Saver(var_list): when non-empty, only these graph
  // variables are restored, each from the given checkpoint key (empty key =
  // the variable's own name). Other variables take their constant
  // initializer or are an error.
  std::vector<std::pair<std::string, std::string>> restore;
  // Restore each variable from `<key>/ExponentialMovingAverage` when the
  // checkpoint has it.
  bool moving_averages = false;
  // Checkpoints: the MetaGraphDef; empty means `<prefix>.meta`.
  std::string meta_graph_path;
  // SavedModels: the MetaGraph's tags (comma-separated set) and signature.
  std::string tags = "serve";
  std::string signature = "serving_default";
};

struct FrozenGraph {
  tensorflow::GraphDef graph;
  std::vector<std::string> feeds;    // tensor names, e.g. "x:0"
  std::vector<std::string> fetches;  // tensor names, e.g. "y:0"
};

// The core: freezes `graph` with values from `bundle` (may be null when the
// graph has no variables to restore). Inlines function calls in the
// fetches' cone first.
absl::StatusOr<tensorflow::GraphDef> FreezeGraphDef(
    const tensorflow::GraphDef& graph, const BundleReader* bundle,
    const FreezeOptions& options);
// Same; a feed found in `feed_info` that is not a Placeholder becomes one
// with the TensorInfo's dtype and shape (SavedModel signatures).
absl::StatusOr<tensorflow::GraphDef> FreezeGraphDef(
    const tensorflow::GraphDef& graph, const BundleReader* bundle,
    const FreezeOptions& options,
    const std::map<std::string, tensorflow::TensorInfo>& feed_info);

// `path` is a checkpoint prefix or directory (see checkpoint_path.h).
absl::StatusOr<FrozenGraph> FreezeCheckpoint(const std::string& path,
                                             const FreezeOptions& options);

// `dir` holds saved_model.pb (or .pbtxt) and variables/.
absl::StatusOr<FrozenGraph> FreezeSavedModel(const std::string& dir,
                                             const FreezeOptions& options);

// For the compiler: a SavedModel directory (has saved_model.pb[txt]), a
// checkpoint directory (has a `checkpoint` file) or a checkpoint prefix
// (prefix.index exists) becomes a frozen GraphDef.
absl::StatusOr<tensorflow::GraphDef> LoadFrozenGraphFromCheckpointOrSavedModel(
    const std::string& path, const FreezeOptions& options);

// True if `path` looks like a SavedModel dir or a checkpoint (dir, prefix or
// one of its files) rather than a GraphDef file.
bool IsCheckpointOrSavedModel(const std::string& path);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_FREEZE_H_
