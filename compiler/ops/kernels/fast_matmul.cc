// TfaotMatMul(a[1,k], packed_b[, bias[n]]) -> [1,n]: the internal kernel the
// select-kernels pass chooses for float32 MatMul with one row and a constant
// right operand (runtime/fast_gemv.h packs it), and for a 1x1 Conv2D of one
// pixel (a: [1,1,1,k] -> [1,1,1,n]: any leading dims of 1). Attributes: "k", "n",
// "activation" (0 none, 1 Relu, 2 Relu6, after the bias). Eval and the
// emitted code call the same runtime function.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "runtime/fast_gemv.h"

namespace tfaot::ops {
namespace {

absl::Status Infer(ir::Node& node) {
  if (node.num_inputs() != 2 && node.num_inputs() != 3)
    return node.Error("expects 2 or 3 inputs (a, packed b[, bias])");
  for (int i = 0; i < node.num_inputs(); ++i)
    if (node.input_value(i).dtype != ir::DType::kFloat)
      return node.Error(absl::StrCat("input ", i, " must be float32"));
  const int64_t k = node.GetIntOr("k", -1), n = node.GetIntOr("n", -1);
  const int64_t act = node.GetIntOr("activation", 0);
  if (k < 1 || n < 1 || act < 0 || act > 2) return node.Error("needs k, n >= 1, activation 0-2");
  ir::Shape out = node.input_value(0).shape;
  if (out.size() < 2 || out.back() != k || ir::NumElements(out) != k)
    return node.Error(absl::StrCat("a must be [1,", k, "] (or [1,...,1,", k, "])"));
  out.back() = n;
  if (ir::NumElements(node.input_value(1).shape) != rt::PackedGemvSize(k, n))
    return node.Error(absl::StrCat("packed b needs ", rt::PackedGemvSize(k, n), " elements"));
  if (node.num_inputs() == 3 && ir::NumElements(node.input_value(2).shape) != n)
    return node.Error(absl::StrCat("bias needs ", n, " elements"));
  node.SetOutput(0, ir::DType::kFloat, out);
  return absl::OkStatus();
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  const int64_t k = node.GetIntOr("k", 0), n = node.GetIntOr("n", 0);
  const float* bias = in.size() == 3 ? in[2]->data<float>() : nullptr;
  const float *a = in[0]->data<float>(), *b = in[1]->data<float>();
  float* c = out[0].data<float>();
  switch (node.GetIntOr("activation", 0)) {
    case rt::kConvActRelu: rt::FastGemv<rt::kConvActRelu>(a, b, bias, c, k, n); break;
    case rt::kConvActRelu6: rt::FastGemv<rt::kConvActRelu6>(a, b, bias, c, k, n); break;
    default: rt::FastGemv<rt::kConvActNone>(a, b, bias, c, k, n); break;
  }
  return absl::OkStatus();
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  const std::string bias = node.num_inputs() == 3 ? ctx.inputs[2] : "nullptr";
  ctx.out->Line(absl::StrCat("tfaot::rt::FastGemv<", node.GetIntOr("activation", 0), ">(",
                             ctx.inputs[0], ", ", ctx.inputs[1], ", ", bias, ", ",
                             ctx.outputs[0], ", ", node.GetIntOr("k", 0), ", ",
                             node.GetIntOr("n", 0), ", ", ctx.pool, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTfaotMatMul = {"TfaotMatMul", OpClass::kKernel, &Infer,  &Eval,
                                     &Emit,         nullptr,          "runtime/fast_gemv.h"};

}  // namespace tfaot::ops
