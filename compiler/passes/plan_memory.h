// plan-memory: places every run-time value in one arena. Liveness by node
// position; feeds and fetches live throughout; greedy placement largest-first,
// ties broken by name, so the plan is deterministic. A While or If node's
// regions are nested scopes: planned on their own, they share one buffer
// that lives only at the node's position (one step of the enclosing graph),
// so a loop body's temporaries reuse their space in every iteration. Block
// arguments take the place of the owner's operands, and a loop's carried
// values live in the loop's result buffers for the whole loop.
#ifndef TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_
#define TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status PlanMemory(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_
