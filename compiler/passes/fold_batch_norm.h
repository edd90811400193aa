// fold-batch-norm: rewrites inference-mode FusedBatchNorm (constant scale,
// offset, mean and variance) as y = x * s + t with s = scale / sqrt(var + eps)
// and t = offset - mean * s folded at compile time: a Mul and an AddV2 that
// fold-channel-scale and fuse-elementwise then merge into their neighbours.
#ifndef TFAOT_COMPILER_PASSES_FOLD_BATCH_NORM_H_
#define TFAOT_COMPILER_PASSES_FOLD_BATCH_NORM_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status FoldBatchNorm(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_FOLD_BATCH_NORM_H_
