// BiasAdd: adds a 1-D bias along the channel axis (last for NHWC, 1 for NCHW).
// The canonicalize pass turns the NHWC form into AddV2 so it fuses.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/bias_add.h"

namespace tfaot::ops {
namespace {

struct BiasLayout {
  int64_t outer, channels, inner;
};

absl::StatusOr<BiasLayout> Layout(const ir::Node& node) {
  const ir::Shape& x = node.input_value(0).shape;
  const ir::Shape& bias = node.input_value(1).shape;
  std::string format = node.GetStringOr("data_format", "NHWC");
  if (x.size() < 2) return node.Error("expects an input of rank >= 2");
  if (bias.size() != 1) return node.Error("expects a 1-D bias");
  int axis = format.rfind("NC", 0) == 0 ? 1 : static_cast<int>(x.size()) - 1;
  if (bias[0] != x[axis])
    return node.Error(absl::StrCat("bias of size ", bias[0], " does not match dimension ", axis,
                                   " of ", ir::ShapeToString(x), " (", format, ")"));
  BiasLayout l{1, x[axis], 1};
  for (int i = 0; i < axis; ++i) l.outer *= x[i];
  for (size_t i = axis + 1; i < x.size(); ++i) l.inner *= x[i];
  return l;
}

absl::Status InferBiasAdd(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  if (auto l = Layout(node); !l.ok()) return l.status();
  return InferSameAsInput(node);
}

absl::Status EvalBiasAdd(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out) {
  auto l = Layout(node);
  if (!l.ok()) return l.status();
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (!std::is_same_v<T, bool>)
      rt::BiasAdd<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(), l->outer,
                     l->channels, l->inner);
  });
  return absl::OkStatus();
}

absl::Status EmitBiasAdd(const ir::Node& node, codegen::KernelContext& ctx) {
  auto l = Layout(node);
  if (!l.ok()) return l.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::BiasAdd(", ctx.inputs[0], ", ", ctx.inputs[1], ", ",
                             ctx.outputs[0], ", ", l->outer, ", ", l->channels, ", ", l->inner,
                             ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpBiasAdd = {"BiasAdd",    OpClass::kKernel, &InferBiasAdd, &EvalBiasAdd,
                                 &EmitBiasAdd, nullptr,          "runtime/bias_add.h"};

}  // namespace tfaot::ops
