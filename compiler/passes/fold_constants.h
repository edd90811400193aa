// fold-constants: replaces every node whose outputs are all known at compile
// time with Const nodes, so no code is emitted for it, and an If whose
// predicate is known with the nodes of the branch it takes.
#ifndef TFAOT_COMPILER_PASSES_FOLD_CONSTANTS_H_
#define TFAOT_COMPILER_PASSES_FOLD_CONSTANTS_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status FoldConstants(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_FOLD_CONSTANTS_H_
