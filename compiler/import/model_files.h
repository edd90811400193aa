// Reading the compiler's input files: a GraphDef (binary or text) and a
// tf2xla.Config (text, as tfcompile takes it, or binary).
#ifndef TFAOT_COMPILER_IMPORT_MODEL_FILES_H_
#define TFAOT_COMPILER_IMPORT_MODEL_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::import {

// NotFound when the file cannot be read; InvalidArgument when it is neither
// a binary nor a text GraphDef (the message has the text parser's line).
absl::StatusOr<tensorflow::GraphDef> ReadGraphDef(const std::string& path);
absl::StatusOr<tensorflow::tf2xla::Config> ReadConfig(const std::string& path);
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// The same parsing for bytes already in memory (the fuzz targets); `name`
// stands for the file in errors.
absl::StatusOr<tensorflow::GraphDef> ParseGraphDef(const std::string& data,
                                                   const std::string& name);
absl::StatusOr<tensorflow::tf2xla::Config> ParseConfig(const std::string& data,
                                                       const std::string& name);

}  // namespace tfaot::import

#endif  // TFAOT_COMPILER_IMPORT_MODEL_FILES_H_
