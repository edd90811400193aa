// Softmax and LogSoftmax over the last axis.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/softmax.h"

namespace tfaot::ops {
namespace {

absl::Status InferSoftmax(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  if (node.input_value(0).shape.empty()) return node.Error("expects at least a 1-D input");
  return InferSameAsInput(node);
}

void RowsAndLength(const ir::Shape& shape, int64_t* rows, int64_t* n) {
  *n = shape.back();
  *rows = *n == 0 ? 0 : ir::NumElements(shape) / *n;
}

template <bool kLog>
absl::Status EvalSoftmax(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out) {
  int64_t rows, n;
  RowsAndLength(in[0]->shape(), &rows, &n);
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  auto* fn_f = kLog ? &rt::LogSoftmax<float> : &rt::Softmax<float>;
  auto* fn_d = kLog ? &rt::LogSoftmax<double> : &rt::Softmax<double>;
  if (in[0]->dtype() == ir::DType::kFloat)
    fn_f(in[0]->data<float>(), out[0].data<float>(), rows, n);
  else
    fn_d(in[0]->data<double>(), out[0].data<double>(), rows, n);
  return absl::OkStatus();
}

template <bool kLog>
absl::Status EmitSoftmax(const ir::Node& node, codegen::KernelContext& ctx) {
  int64_t rows, n;
  RowsAndLength(node.output(0).shape, &rows, &n);
  ctx.out->Line(absl::StrCat("tfaot::rt::", kLog ? "LogSoftmax(" : "Softmax(", ctx.inputs[0],
                             ", ", ctx.outputs[0], ", ", rows, ", ", n, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpSoftmax = {"Softmax",           OpClass::kKernel, &InferSoftmax,
                                 &EvalSoftmax<false>, &EmitSoftmax<false>, nullptr,
                                 "runtime/softmax.h"};
extern const OpDef kOpLogSoftmax = {"LogSoftmax",       OpClass::kKernel, &InferSoftmax,
                                    &EvalSoftmax<true>, &EmitSoftmax<true>, nullptr,
                                    "runtime/softmax.h"};

}  // namespace tfaot::ops
