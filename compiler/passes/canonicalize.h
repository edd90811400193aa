// canonicalize: rewrites ops into forms later passes handle best: NHWC BiasAdd
// into AddV2 (so it fuses); MatMul with constant transposed weights into plain
// MatMul with weights transposed at compile time.
#ifndef TFAOT_COMPILER_PASSES_CANONICALIZE_H_
#define TFAOT_COMPILER_PASSES_CANONICALIZE_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status Canonicalize(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_CANONICALIZE_H_
