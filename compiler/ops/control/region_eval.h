// Runs a region with the ops' reference evaluators: how While and If nodes
// are constant-folded and computed by `tfaotc run --reference`, and how the
// loop-trip-counts pass simulates a loop's induction variables.
#ifndef TFAOT_COMPILER_OPS_CONTROL_REGION_EVAL_H_
#define TFAOT_COMPILER_OPS_CONTROL_REGION_EVAL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"

namespace tfaot::ops {

// The values `region` yields for block arguments `args` (nullptr: unknown;
// an error only if a needed node reads it). Computes only what the yields
// listed in `yields` need (every yield when it is empty), in that order.
// Values the IR already knows (constants) are taken as they are.
absl::StatusOr<std::vector<ir::Tensor>> EvaluateRegion(const ir::Graph& region,
                                                       const std::vector<const ir::Tensor*>& args,
                                                       const std::vector<int>& yields = {});

// The most iterations a loop is run at compile time (folding, trip counts).
constexpr int64_t kMaxEvaluatedIterations = int64_t{1} << 20;

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_CONTROL_REGION_EVAL_H_
