// Turns what a user passes as --checkpoint into a TensorBundle prefix, as
// tf.train.latest_checkpoint does: a directory is resolved through its
// `checkpoint` state file (model_checkpoint_path), whose paths may be
// absolute paths from the machine that wrote them.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_CHECKPOINT_PATH_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_CHECKPOINT_PATH_H_

#include <string>

#include "absl/status/statusor.h"

namespace tfaot::checkpoint {

// Accepts a prefix (`dir/model` with `dir/model.index`), a file of the
// checkpoint (`model.index`, `model.meta`, `model.data-00000-of-00001`),
// a directory with a `checkpoint` state file (or exactly one .index), or a
// SavedModel directory (its variables/variables).
// Returns the prefix; the error says what was looked for.
absl::StatusOr<std::string> ResolveCheckpointPrefix(const std::string& path);

// The model_checkpoint_path value of a `checkpoint` state file's text.
absl::StatusOr<std::string> ParseCheckpointState(const std::string& text,
                                                 const std::string& file);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_CHECKPOINT_PATH_H_
