// fuse-kernels: joins two select-kernels kernels when the first one's output
// is only the second one's input, so that output never goes to memory:
//   TfaotConv2D -> MaxPool (2-D, channels last, float)  => TfaotConvMaxPool2D
//     when the pool's window rows of conv output fit the kernel's ring;
//   TfaotDepthwiseConv2D -> 1x1 stride-1 TfaotConv2D   => TfaotDepthwisePointwise
//     when the depthwise output exceeds kSeparableMinBytes (a smaller one
//     stays in L2 between the two kernels anyway) and the packed pointwise
//     weights, read once per band, are at most kSeparableMaxWeightBytes.
// The fused kernels compute every output as the two kernels do, bit for bit
// (runtime/fast_conv_pool.h, runtime/fast_separable.h). Runs right after
// select-kernels; `// fused:` comments name all the absorbed graph nodes.
#ifndef TFAOT_COMPILER_PASSES_FUSE_KERNELS_H_
#define TFAOT_COMPILER_PASSES_FUSE_KERNELS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

constexpr int64_t kSeparableMinBytes = 256 * 1024;
constexpr int64_t kSeparableMaxWeightBytes = 256 * 1024;

absl::Status FuseKernels(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_FUSE_KERNELS_H_
