// SoftmaxCrossEntropyWithLogits (labels: probabilities, same [batch, classes]
// shape as the logits) and SparseSoftmaxCrossEntropyWithLogits (labels: class
// indices [batch]). Outputs: loss [batch] and backprop [batch, classes].
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/xent.h"

namespace tfaot::ops {
namespace {

template <bool kSparse>
absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  const ir::Shape& logits = node.input_value(0).shape;
  const ir::Shape& labels = node.input_value(1).shape;
  if (logits.size() != 2 || logits[1] <= 0)
    return node.Error(absl::StrCat("expects 2-D logits [batch, classes], got ",
                                   ir::ShapeToString(logits)));
  if (kSparse) {
    if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
        !s.ok())
      return s;
    if (labels != ir::Shape{logits[0]})
      return node.Error(absl::StrCat("labels ", ir::ShapeToString(labels),
                                     " must be [batch] for logits ", ir::ShapeToString(logits)));
  } else {
    if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
    if (labels != logits)
      return node.Error(absl::StrCat("labels ", ir::ShapeToString(labels), " and logits ",
                                     ir::ShapeToString(logits),
                                     " differ; broadcasting them is not supported"));
  }
  node.SetOutput(0, node.input_value(0).dtype, {logits[0]});
  node.SetOutput(1, node.input_value(0).dtype, logits);
  return absl::OkStatus();
}

template <bool kSparse>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  const ir::Shape& s = in[0]->shape();
  out.clear();
  out.emplace_back(in[0]->dtype(), ir::Shape{s[0]});
  out.emplace_back(in[0]->dtype(), s);
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kFloatTypes)) {
      if (!kSparse)
        rt::SoftmaxCrossEntropy<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(),
                                   out[1].data<T>(), s[0], s[1]);
      else if (in[1]->dtype() == ir::DType::kInt32)
        rt::SparseSoftmaxCrossEntropy<T, int32_t>(in[0]->data<T>(), in[1]->data<int32_t>(),
                                                  out[0].data<T>(), out[1].data<T>(), s[0], s[1]);
      else
        rt::SparseSoftmaxCrossEntropy<T, int64_t>(in[0]->data<T>(), in[1]->data<int64_t>(),
                                                  out[0].data<T>(), out[1].data<T>(), s[0], s[1]);
    }
  });
  return absl::OkStatus();
}

template <bool kSparse>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Shape& s = node.input_value(0).shape;
  ctx.out->Line(absl::StrCat("tfaot::rt::", kSparse ? "Sparse" : "", "SoftmaxCrossEntropy(",
                             ctx.inputs[0], ", ", ctx.inputs[1], ", ", ctx.outputs[0], ", ",
                             ctx.outputs[1], ", ", s[0], ", ", s[1], ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpSoftmaxCrossEntropyWithLogits = {
    "SoftmaxCrossEntropyWithLogits", OpClass::kKernel, &Infer<false>, &Eval<false>,
    &Emit<false>, nullptr, "runtime/xent.h"};
extern const OpDef kOpSparseSoftmaxCrossEntropyWithLogits = {
    "SparseSoftmaxCrossEntropyWithLogits", OpClass::kKernel, &Infer<true>, &Eval<true>,
    &Emit<true>, nullptr, "runtime/xent.h"};

}  // namespace tfaot::ops
