// fuse-elementwise: turns every elementwise node into a Fused node, absorbing
// producers that only it reads, so each chain or tree becomes one loop nest.
#ifndef TFAOT_COMPILER_PASSES_FUSE_ELEMENTWISE_H_
#define TFAOT_COMPILER_PASSES_FUSE_ELEMENTWISE_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status FuseElementwise(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_FUSE_ELEMENTWISE_H_
