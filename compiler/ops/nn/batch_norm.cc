// FusedBatchNorm, FusedBatchNormV2, FusedBatchNormV3: outputs y, batch_mean,
// batch_variance, reserve_space_1, reserve_space_2 (+ reserve_space_3, a
// scalar 0, for V3). is_training (TensorFlow's default: true) normalizes with
// the batch statistics; otherwise with the mean/variance inputs.
#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/batch_norm.h"

namespace tfaot::ops {
namespace {

struct BnPlan {
  int64_t outer, channels, inner;
  bool training;
  double epsilon, factor;
};

absl::StatusOr<BnPlan> Plan(const ir::Node& node) {
  const ir::Shape& x = node.input_value(0).shape;
  if (x.size() != 4 && x.size() != 5)
    return node.Error(absl::StrCat("expects a 4-D or 5-D input, got ", ir::ShapeToString(x)));
  std::string format = node.GetStringOr("data_format", x.size() == 5 ? "NDHWC" : "NHWC");
  bool channels_first;
  if (format == "NHWC" || format == "NDHWC") {
    channels_first = false;
  } else if (format == "NCHW" || format == "NCDHW") {
    channels_first = true;
  } else {
    return node.Error(absl::StrCat("data_format '", format, "' is not supported"));
  }
  if (format.size() != x.size())
    return node.Error(absl::StrCat("data_format ", format, " does not fit input ",
                                   ir::ShapeToString(x)));
  BnPlan p;
  const int axis = channels_first ? 1 : static_cast<int>(x.size()) - 1;
  p.channels = x[axis];
  p.outer = 1;
  p.inner = 1;
  for (int i = 0; i < axis; ++i) p.outer *= x[i];
  for (size_t i = axis + 1; i < x.size(); ++i) p.inner *= x[i];
  p.training = node.GetBoolOr("is_training", true);
  p.epsilon = node.GetFloatOr("epsilon", 0.0001f);
  p.factor = node.GetFloatOr("exponential_avg_factor", 1.0f);
  for (int i = 1; i < 5; ++i) {
    const ir::Shape& s = node.input_value(i).shape;
    const bool may_be_empty = p.training && i >= 3 && p.factor == 1.0;
    if (s.size() != 1 || (s[0] != p.channels && !(may_be_empty && s[0] == 0)))
      return node.Error(absl::StrCat("input ", i, " has shape ", ir::ShapeToString(s),
                                     ", expected [", p.channels, "] (the channels of ",
                                     ir::ShapeToString(x), " in ", format, ")"));
  }
  return p;
}

absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 5); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 5); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  const ir::DType t = node.input_value(0).dtype;
  node.SetOutput(0, t, node.input_value(0).shape);
  for (int i = 1; i < 5; ++i) node.SetOutput(i, t, {p->channels});
  if (node.op() == "FusedBatchNormV3") node.SetOutput(5, t, {});
  return absl::OkStatus();
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  out.clear();
  for (int i = 0; i < node.num_outputs(); ++i)
    out.emplace_back(node.output(i).dtype, node.output(i).shape);
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kFloatTypes)) {
      if (p->training)
        rt::FusedBatchNormTraining<T>(
            in[0]->data<T>(), in[1]->data<T>(), in[2]->data<T>(), in[3]->data<T>(),
            in[4]->data<T>(), out[0].data<T>(), out[1].data<T>(), out[2].data<T>(),
            out[3].data<T>(), out[4].data<T>(), p->outer, p->channels, p->inner,
            static_cast<T>(p->epsilon), static_cast<T>(p->factor));
      else
        rt::FusedBatchNormInference<T>(
            in[0]->data<T>(), in[1]->data<T>(), in[2]->data<T>(), in[3]->data<T>(),
            in[4]->data<T>(), out[0].data<T>(), out[1].data<T>(), out[2].data<T>(),
            out[3].data<T>(), out[4].data<T>(), p->outer, p->channels, p->inner,
            static_cast<T>(p->epsilon));
    }
  });
  return absl::OkStatus();
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  const std::string type = ir::DTypeCppName(node.output(0).dtype);
  auto literal = [&](double v) {
    return node.output(0).dtype == ir::DType::kFloat
               ? codegen::FloatLiteral(static_cast<float>(v))
               : codegen::DoubleLiteral(v);
  };
  std::string args = absl::StrCat(ctx.inputs[0], ", ", ctx.inputs[1], ", ", ctx.inputs[2], ", ",
                                  ctx.inputs[3], ", ", ctx.inputs[4], ", ", ctx.outputs[0], ", ",
                                  ctx.outputs[1], ", ", ctx.outputs[2], ", ", ctx.outputs[3],
                                  ", ", ctx.outputs[4], ", ", p->outer, ", ", p->channels, ", ",
                                  p->inner, ", ", literal(p->epsilon));
  if (p->training)
    ctx.out->Line(absl::StrCat("tfaot::rt::FusedBatchNormTraining<", type, ">(", args, ", ",
                               literal(p->factor), ");"));
  else
    ctx.out->Line(absl::StrCat("tfaot::rt::FusedBatchNormInference<", type, ">(", args, ");"));
  if (node.num_outputs() == 6) ctx.out->Line(absl::StrCat(ctx.outputs[5], "[0] = 0;"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpFusedBatchNorm = {"FusedBatchNorm", OpClass::kKernel, &Infer, &Eval,
                                        &Emit, nullptr, "runtime/batch_norm.h"};
extern const OpDef kOpFusedBatchNormV2 = {"FusedBatchNormV2", OpClass::kKernel, &Infer, &Eval,
                                          &Emit, nullptr, "runtime/batch_norm.h"};
extern const OpDef kOpFusedBatchNormV3 = {"FusedBatchNormV3", OpClass::kKernel, &Infer, &Eval,
                                          &Emit, nullptr, "runtime/batch_norm.h"};

}  // namespace tfaot::ops
