// Reading a SavedModel directory: saved_model.pb (or .pbtxt), choosing the
// MetaGraph by tag set and a SignatureDef by key.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVED_MODEL_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVED_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {

absl::StatusOr<tensorflow::SavedModel> LoadSavedModel(const std::string& dir);

// The MetaGraph whose tag set equals `tags` (comma-separated); the error
// lists the tag sets the model has. `dir` is used in errors.
absl::StatusOr<const tensorflow::MetaGraphDef*> SelectMetaGraph(
    const tensorflow::SavedModel& model, const std::string& tags,
    const std::string& dir);

// The signature `key`; the error lists the available keys.
absl::StatusOr<const tensorflow::SignatureDef*> FindSignature(
    const tensorflow::MetaGraphDef& meta, const std::string& key,
    const std::string& dir);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVED_MODEL_H_
