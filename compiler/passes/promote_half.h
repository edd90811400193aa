// promote-half: ops whose kernels take float but not half (Conv2D, MatMul,
// reductions, pooling, FusedBatchNorm*, Softmax, ...) compute half inputs in
// float, as TensorFlow's CPU kernels do: each half input goes through
// Cast(half -> float) `<node>/to_float`, the op runs in float, and each of its
// float results that TensorFlow types as half goes through Cast(float -> half)
// `<node>/to_half`, which every reader and fetch of the result now reads (fetch
// names are unchanged). Integer operands (axes, shapes, indices) are left as
// they are. Runs before infer-shapes and infers (and folds constants) as it
// goes, since only inference tells which ops refuse half; it leaves every value
// inferred, so infer-shapes after it only checks. Graphs without half values
// are not touched.
#ifndef TFAOT_COMPILER_PASSES_PROMOTE_HALF_H_
#define TFAOT_COMPILER_PASSES_PROMOTE_HALF_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status PromoteHalf(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PROMOTE_HALF_H_
