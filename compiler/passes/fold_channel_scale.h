// fold-channel-scale: a per-output-channel constant multiply right after a
// convolution or matmul with constant weights (a folded batch norm, or a
// Keras scale) is folded into those weights at compile time:
// Mul(Conv2D(x, W), s) -> Conv2D(x, W * s).
#ifndef TFAOT_COMPILER_PASSES_FOLD_CHANNEL_SCALE_H_
#define TFAOT_COMPILER_PASSES_FOLD_CHANNEL_SCALE_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status FoldChannelScale(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_FOLD_CHANNEL_SCALE_H_
