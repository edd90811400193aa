// LRN (local response normalization over depth), Dilation2D (grayscale
// morphological dilation) and BiasAddGrad (the per-channel sum).
#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/ops/nn/window.h"
#include "runtime/bias_add_grad.h"
#include "runtime/dilation.h"
#include "runtime/lrn.h"

namespace tfaot::ops {
namespace {

// ---- LRN ----

absl::Status InferLrn(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, DTypeBit(ir::DType::kFloat)); !s.ok()) return s;
  if (node.input_value(0).shape.size() != 4)
    return node.Error(absl::StrCat("expects a 4-D input, got ",
                                   ir::ShapeToString(node.input_value(0).shape)));
  if (node.GetIntOr("depth_radius", 5) < 0) return node.Error("depth_radius must be >= 0");
  return InferSameAsInput(node);
}

struct LrnParams {
  int64_t rows, depth, radius;
  float bias, alpha, beta;
};

LrnParams GetLrn(const ir::Node& node) {
  const ir::Shape& s = node.input_value(0).shape;
  return {s[0] * s[1] * s[2], s[3], node.GetIntOr("depth_radius", 5),
          node.GetFloatOr("bias", 1.0f), node.GetFloatOr("alpha", 1.0f),
          node.GetFloatOr("beta", 0.5f)};
}

absl::Status EvalLrn(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                     std::vector<ir::Tensor>& out) {
  LrnParams p = GetLrn(node);
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  rt::Lrn<float>(in[0]->data<float>(), out[0].data<float>(), p.rows, p.depth, p.radius, p.bias,
                 p.alpha, p.beta);
  return absl::OkStatus();
}

absl::Status EmitLrn(const ir::Node& node, codegen::KernelContext& ctx) {
  LrnParams p = GetLrn(node);
  ctx.out->Line(absl::StrCat("tfaot::rt::Lrn<float>(", ctx.inputs[0], ", ", ctx.outputs[0], ", ",
                             p.rows, ", ", p.depth, ", ", p.radius, ", ",
                             codegen::FloatLiteral(p.bias), ", ", codegen::FloatLiteral(p.alpha),
                             ", ", codegen::FloatLiteral(p.beta), ");"));
  return absl::OkStatus();
}

// ---- Dilation2D ----

absl::StatusOr<rt::ConvShape> DilationPlan(const ir::Node& node) {
  const ir::Shape& x = node.input_value(0).shape;
  const ir::Shape& f = node.input_value(1).shape;
  if (x.size() != 4 || f.size() != 3 || f[2] != x[3])
    return node.Error(absl::StrCat("expects an NHWC input and a [h, w, C] filter, got ",
                                   ir::ShapeToString(x), " and ", ir::ShapeToString(f)));
  auto stride = SpatialAttr(node, "strides", 2, false);
  if (!stride.ok()) return stride.status();
  auto rates = SpatialAttr(node, "rates", 2, false);
  if (!rates.ok()) return rates.status();
  auto w = MakeWindow(node, x, 2, false, Dims3{1, f[0], f[1]}, *stride, *rates);
  if (!w.ok()) return w.status();
  return ToConvShape(*w, x[3], 1);
}

absl::Status InferDilation(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto p = DilationPlan(node);
  if (!p.ok()) return p.status();
  node.SetOutput(0, node.input_value(0).dtype, {p->batch, p->out_h, p->out_w, p->out_c});
  return absl::OkStatus();
}

absl::Status EvalDilation(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  auto p = DilationPlan(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes))
      rt::Dilation2D<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(), *p);
  });
  return absl::OkStatus();
}

absl::Status EmitDilation(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = DilationPlan(node);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::Dilation2D<", ir::DTypeCppName(node.output(0).dtype),
                             ">(", ctx.inputs[0], ", ", ctx.inputs[1], ", ", ctx.outputs[0],
                             ", ", ConvShapeLiteral(*p), ");"));
  return absl::OkStatus();
}

// ---- BiasAddGrad ----

absl::StatusOr<std::array<int64_t, 3>> GradLayout(const ir::Node& node) {
  const ir::Shape& x = node.input_value(0).shape;
  if (x.size() < 2) return node.Error("expects an input of rank >= 2");
  const std::string format = node.GetStringOr("data_format", "NHWC");
  const int axis = format.rfind("NC", 0) == 0 ? 1 : static_cast<int>(x.size()) - 1;
  std::array<int64_t, 3> l{1, x[axis], 1};
  for (int i = 0; i < axis; ++i) l[0] *= x[i];
  for (size_t i = axis + 1; i < x.size(); ++i) l[2] *= x[i];
  return l;
}

absl::Status InferBiasAddGrad(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto l = GradLayout(node);
  if (!l.ok()) return l.status();
  node.SetOutput(0, node.input_value(0).dtype, {(*l)[1]});
  return absl::OkStatus();
}

absl::Status EvalBiasAddGrad(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                             std::vector<ir::Tensor>& out) {
  auto l = GradLayout(node);
  if (!l.ok()) return l.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes))
      rt::BiasAddGrad<T>(in[0]->data<T>(), out[0].data<T>(), (*l)[0], (*l)[1], (*l)[2]);
  });
  return absl::OkStatus();
}

absl::Status EmitBiasAddGrad(const ir::Node& node, codegen::KernelContext& ctx) {
  auto l = GradLayout(node);
  if (!l.ok()) return l.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::BiasAddGrad(", ctx.inputs[0], ", ", ctx.outputs[0],
                             ", ", (*l)[0], ", ", (*l)[1], ", ", (*l)[2], ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpLRN = {"LRN",    OpClass::kKernel, &InferLrn, &EvalLrn,
                             &EmitLrn, nullptr,          "runtime/lrn.h"};
extern const OpDef kOpDilation2D = {"Dilation2D",  OpClass::kKernel, &InferDilation,
                                    &EvalDilation, &EmitDilation,    nullptr,
                                    "runtime/dilation.h"};
extern const OpDef kOpBiasAddGrad = {"BiasAddGrad",    OpClass::kKernel, &InferBiasAddGrad,
                                     &EvalBiasAddGrad, &EmitBiasAddGrad, nullptr,
                                     "runtime/bias_add_grad.h"};

}  // namespace tfaot::ops
