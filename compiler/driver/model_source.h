// Where a model comes from: a frozen GraphDef, or a checkpoint or SavedModel
// that is frozen on the way in (compiler/import/checkpoint/). Both the
// compiler and `tfaotc run` take the same flags.
#ifndef TFAOT_COMPILER_DRIVER_MODEL_SOURCE_H_
#define TFAOT_COMPILER_DRIVER_MODEL_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::driver {

struct ModelSource {
  std::string graph;        // frozen GraphDef (binary or text)
  std::string checkpoint;   // checkpoint prefix or directory
  std::string saved_model;  // SavedModel directory
  std::string meta;         // MetaGraphDef of a checkpoint (default <prefix>.meta)
  std::string tag = "serve";
  std::string signature = "serving_default";
  std::vector<std::string> restore;  // GRAPH_VAR=CHECKPOINT_KEY, or GRAPH_VAR
  bool moving_averages = false;
};

// Loads (and if needed freezes) the model. The freeze keeps what `config`'s
// feeds and fetches need. For a SavedModel, an empty `config` is filled from
// the signature (its inputs need static shapes then).
absl::StatusOr<tensorflow::GraphDef> LoadModel(const ModelSource& source,
                                               tensorflow::tf2xla::Config* config);

// A name for messages and banners: the file or directory's last component.
std::string ModelDisplayName(const ModelSource& source);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_MODEL_SOURCE_H_
