// select-kernels: float32 NHWC Conv2D (one group, constant filter) and
// DepthwiseConv2dNative (multiplier 1, constant filter) become the internal
// ops TfaotConv2D / TfaotDepthwiseConv2D (compiler/ops/kernels/fast_conv.cc), whose
// filters are re-packed here at compile time for the register-blocked kernels
// in runtime/fast_conv.h and runtime/fast_depthwise.h. A following
// per-channel bias add (AddV2/Add with a constant [C] operand) and then
// Relu/Relu6 are absorbed into the kernel's epilogue when each is the only
// reader of the value before it.
// Runs after the batch-norm / channel-scale folds (which match Conv2D) and
// before fuse-elementwise. MatMul of one row by a constant float32 matrix
// becomes TfaotMatMul (compiler/ops/kernels/fast_matmul.cc, a packed GEMV) with the
// same epilogue. Other float32 MatMul and BatchMatMul(V2, V3) products of at
// least 4096 multiply-adds become TfaotGemm (compiler/ops/kernels/fast_gemm.cc,
// runtime/fast_gemm.h): a constant B is packed here, a run-time one by a
// TfaotPackPanels node before it; its epilogue also absorbs the add of a
// same-shape residual between the bias and the activation. Anything else is
// left as it was.
#ifndef TFAOT_COMPILER_PASSES_SELECT_KERNELS_H_
#define TFAOT_COMPILER_PASSES_SELECT_KERNELS_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status SelectKernels(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_SELECT_KERNELS_H_
