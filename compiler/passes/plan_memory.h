// plan-memory: places every run-time value in one arena. Liveness by node
// position; feeds and fetches live throughout; greedy placement largest-first,
// ties broken by name, so the plan is deterministic.
#ifndef TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_
#define TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status PlanMemory(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PLAN_MEMORY_H_
