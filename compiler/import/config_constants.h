// The config's `constant` entries (a tfaot extension of tf2xla.Config, see
// proto/tf2xla.proto): tensors fixed to a value at compile time. Read and
// checked against the graph here; the importer puts a Const in place of each.
#ifndef TFAOT_COMPILER_IMPORT_CONFIG_CONSTANTS_H_
#define TFAOT_COMPILER_IMPORT_CONFIG_CONSTANTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/tensor.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::import {

struct FixedTensor {
  std::string node;
  int index = 0;
  ir::Tensor value;
  // "node" for output 0, else "node:index", as messages name tensors.
  std::string Name() const;
};

// The entries in config order. Errors name the tensor: a node not in the
// graph (with "did you mean"), a value that does not parse, a dtype or shape
// that differs from a Placeholder's or Const's own, a tensor fixed twice, or
// both fed and fixed. (Other tensors are checked by their readers' shape
// rules.)
absl::StatusOr<std::vector<FixedTensor>> ReadConfigConstants(
    const tensorflow::GraphDef& graph, const tensorflow::tf2xla::Config& config);

}  // namespace tfaot::import

#endif  // TFAOT_COMPILER_IMPORT_CONFIG_CONSTANTS_H_
