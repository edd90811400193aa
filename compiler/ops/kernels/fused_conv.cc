// Internal kernels the fuse-kernels pass makes of two select-kernels kernels
// (not TensorFlow ops):
//   TfaotConvMaxPool2D(x, packed_filter[, bias])   TfaotConv2D then MaxPool
//     attributes "conv_shape", "pool_shape" (the pool's geometry, its input
//     being the conv's output; see conv_attrs.h), "activation"
//   TfaotDepthwisePointwise(x, dw_packed, pw_packed[, dw_bias][, pw_bias])
//     TfaotDepthwiseConv2D then a 1x1 TfaotConv2D; attributes "dw_shape",
//     "pw_shape", "dw_activation", "pw_activation", "dw_bias" and "pw_bias"
//     (1: that bias is an input)
// Runtime: runtime/fast_conv_pool.h and runtime/fast_separable.h; eval and
// the emitted code call the same function.
#include "absl/strings/str_cat.h"
#include "compiler/ops/kernels/conv_attrs.h"
#include "compiler/ops/nn/window.h"
#include "compiler/ops/op_def.h"
#include "runtime/fast_conv_pool.h"
#include "runtime/fast_separable.h"

namespace tfaot::ops {
namespace {

absl::Status ExpectFloatInputs(const ir::Node& node, int min, int max) {
  if (node.num_inputs() < min || node.num_inputs() > max)
    return node.Error(absl::StrCat("expects ", min, " to ", max, " inputs"));
  for (int i = 0; i < node.num_inputs(); ++i)
    if (node.input_value(i).dtype != ir::DType::kFloat)
      return node.Error(absl::StrCat("input ", i, " must be float32"));
  return absl::OkStatus();
}

absl::Status ExpectElements(const ir::Node& node, int input, int64_t n, const char* what) {
  if (ir::NumElements(node.input_value(input).shape) != n)
    return node.Error(absl::StrCat(what, " needs ", n, " elements"));
  return absl::OkStatus();
}

int Act(const ir::Node& node, const char* key) {
  return static_cast<int>(node.GetIntOr(key, rt::kConvActNone));
}

// ---- TfaotConvMaxPool2D ----

absl::Status InferConvPool(ir::Node& node) {
  if (auto st = ExpectFloatInputs(node, 2, 3); !st.ok()) return st;
  auto c = ConvShapeFromAttr(node, "conv_shape");
  if (!c.ok()) return c.status();
  auto p = ConvShapeFromAttr(node, "pool_shape");
  if (!p.ok()) return p.status();
  if (!rt::ConvMaxPoolFits(*c, *p)) return node.Error("pool_shape does not fit conv_shape");
  if (Act(node, "activation") < 0 || Act(node, "activation") > 2)
    return node.Error("activation must be 0, 1 or 2");
  if (node.input_value(0).shape != ir::Shape{c->batch, c->in_h, c->in_w, c->in_c})
    return node.Error("input does not match conv_shape");
  if (auto st = ExpectElements(node, 1, rt::PackedConvFilterSize(c->k_h, c->k_w, c->in_c, c->out_c),
                               "packed filter");
      !st.ok())
    return st;
  if (node.num_inputs() == 3)
    if (auto st = ExpectElements(node, 2, c->out_c, "bias"); !st.ok()) return st;
  node.SetOutput(0, ir::DType::kFloat, {p->batch, p->out_h, p->out_w, p->out_c});
  return absl::OkStatus();
}

template <int kAct>
void RunConvPool(const float* x, const float* w, const float* b, float* y, const rt::ConvShape& c,
                 const rt::ConvShape& p) {
  rt::FastConvMaxPool2D<kAct>(x, w, b, y, c, p);
}

absl::Status EvalConvPool(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  auto c = ConvShapeFromAttr(node, "conv_shape");
  auto p = ConvShapeFromAttr(node, "pool_shape");
  if (!c.ok() || !p.ok()) return node.Error("bad conv_shape or pool_shape");
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  const float* b = in.size() == 3 ? in[2]->data<float>() : nullptr;
  const float *x = in[0]->data<float>(), *w = in[1]->data<float>();
  float* y = out[0].data<float>();
  switch (Act(node, "activation")) {
    case rt::kConvActRelu: RunConvPool<rt::kConvActRelu>(x, w, b, y, *c, *p); break;
    case rt::kConvActRelu6: RunConvPool<rt::kConvActRelu6>(x, w, b, y, *c, *p); break;
    default: RunConvPool<rt::kConvActNone>(x, w, b, y, *c, *p); break;
  }
  return absl::OkStatus();
}

absl::Status EmitConvPool(const ir::Node& node, codegen::KernelContext& ctx) {
  auto c = ConvShapeFromAttr(node, "conv_shape");
  auto p = ConvShapeFromAttr(node, "pool_shape");
  if (!c.ok() || !p.ok()) return node.Error("bad conv_shape or pool_shape");
  // A small column stride (stride_w * in_c, im2vec's second layer: 8) as a
  // template argument: the tiles address their 12 columns at constant
  // offsets, with no index register (that layer ~9% faster, for ~0.7 s more
  // build). Not for 8 output channels: those take the narrow path
  // (AVX-512), which ignores it.
  const int64_t xs = c->stride_w * c->in_c;
  const std::string xs_arg =
      xs <= rt::kFastConvMaxStaticXs && c->out_c != 8 ? absl::StrCat(", ", xs) : "";
  ctx.out->Line(absl::StrCat("tfaot::rt::FastConvMaxPool2D<", Act(node, "activation"), xs_arg, ">(", ctx.inputs[0], ", ", ctx.inputs[1], ", ",
                             node.num_inputs() == 3 ? ctx.inputs[2] : "nullptr", ", ",
                             ctx.outputs[0], ","));
  ctx.out->Line(absl::StrCat("    ", ConvShapeLiteral(*c), ","));
  ctx.out->Line(absl::StrCat("    ", ConvShapeLiteral(*p), ", ", ctx.pool, ");"));
  return absl::OkStatus();
}

// ---- TfaotDepthwisePointwise ----

struct Separable {
  rt::ConvShape dw, pw;
  int dw_bias = -1, pw_bias = -1;  // input index, -1: none
};

absl::StatusOr<Separable> SeparableOf(const ir::Node& node) {
  Separable s;
  auto dw = ConvShapeFromAttr(node, "dw_shape");
  if (!dw.ok()) return dw.status();
  auto pw = ConvShapeFromAttr(node, "pw_shape");
  if (!pw.ok()) return pw.status();
  s.dw = *dw;
  s.pw = *pw;
  int next = 3;
  if (node.GetIntOr("dw_bias", 0)) s.dw_bias = next++;
  if (node.GetIntOr("pw_bias", 0)) s.pw_bias = next++;
  if (node.num_inputs() != next)
    return node.Error(absl::StrCat("expects ", next, " inputs (dw_bias and pw_bias say which)"));
  return s;
}

absl::Status InferSeparable(ir::Node& node) {
  if (auto st = ExpectFloatInputs(node, 3, 5); !st.ok()) return st;
  auto s = SeparableOf(node);
  if (!s.ok()) return s.status();
  if (s->dw.in_c != s->dw.out_c) return node.Error("depthwise needs in_c == out_c");
  if (!rt::SeparableFits(s->dw, s->pw)) return node.Error("pw_shape does not fit dw_shape");
  for (const char* key : {"dw_activation", "pw_activation"})
    if (Act(node, key) < 0 || Act(node, key) > 2)
      return node.Error(absl::StrCat(key, " must be 0, 1 or 2"));
  const rt::ConvShape& d = s->dw;
  if (node.input_value(0).shape != ir::Shape{d.batch, d.in_h, d.in_w, d.in_c})
    return node.Error("input does not match dw_shape");
  if (auto st = ExpectElements(node, 1, rt::PackedDepthwiseFilterSize(d.k_h, d.k_w, d.in_c),
                               "packed depthwise filter");
      !st.ok())
    return st;
  if (auto st = ExpectElements(node, 2, rt::PackedConvFilterSize(1, 1, d.out_c, s->pw.out_c),
                               "packed pointwise filter");
      !st.ok())
    return st;
  if (s->dw_bias >= 0)
    if (auto st = ExpectElements(node, s->dw_bias, d.out_c, "dw bias"); !st.ok()) return st;
  if (s->pw_bias >= 0)
    if (auto st = ExpectElements(node, s->pw_bias, s->pw.out_c, "pw bias"); !st.ok()) return st;
  node.SetOutput(0, ir::DType::kFloat, {s->pw.batch, s->pw.out_h, s->pw.out_w, s->pw.out_c});
  return absl::OkStatus();
}

template <int kDwAct>
void RunSeparable(int pw_act, const std::vector<const float*>& a, float* y, const Separable& s) {
  switch (pw_act) {
    case rt::kConvActRelu:
      return rt::FastDepthwisePointwise<kDwAct, rt::kConvActRelu>(a[0], a[1], a[2], a[3], a[4], y,
                                                                  s.dw, s.pw);
    case rt::kConvActRelu6:
      return rt::FastDepthwisePointwise<kDwAct, rt::kConvActRelu6>(a[0], a[1], a[2], a[3], a[4],
                                                                   y, s.dw, s.pw);
    default:
      return rt::FastDepthwisePointwise<kDwAct, rt::kConvActNone>(a[0], a[1], a[2], a[3], a[4],
                                                                  y, s.dw, s.pw);
  }
}

absl::Status EvalSeparable(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                           std::vector<ir::Tensor>& out) {
  auto s = SeparableOf(node);
  if (!s.ok()) return s.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  // x, dw filter, dw bias, pw filter, pw bias (the runtime's order).
  std::vector<const float*> a = {in[0]->data<float>(), in[1]->data<float>(),
                                 s->dw_bias >= 0 ? in[s->dw_bias]->data<float>() : nullptr,
                                 in[2]->data<float>(),
                                 s->pw_bias >= 0 ? in[s->pw_bias]->data<float>() : nullptr};
  float* y = out[0].data<float>();
  const int pw_act = Act(node, "pw_activation");
  switch (Act(node, "dw_activation")) {
    case rt::kConvActRelu: RunSeparable<rt::kConvActRelu>(pw_act, a, y, *s); break;
    case rt::kConvActRelu6: RunSeparable<rt::kConvActRelu6>(pw_act, a, y, *s); break;
    default: RunSeparable<rt::kConvActNone>(pw_act, a, y, *s); break;
  }
  return absl::OkStatus();
}

absl::Status EmitSeparable(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = SeparableOf(node);
  if (!s.ok()) return s.status();
  auto input = [&](int i) { return i >= 0 ? ctx.inputs[i] : std::string("nullptr"); };
  const bool pairs = (s->pw.out_c + rt::kConvBlock - 1) / rt::kConvBlock % 2 == 0;
  ctx.out->Line(absl::StrCat("tfaot::rt::FastDepthwisePointwise<", Act(node, "dw_activation"),
                             ", ", Act(node, "pw_activation"), pairs ? ", true" : "", ">(",
                             ctx.inputs[0], ", ",
                             ctx.inputs[1], ", ", input(s->dw_bias), ", ", ctx.inputs[2], ", ",
                             input(s->pw_bias), ", ", ctx.outputs[0], ","));
  ctx.out->Line(absl::StrCat("    ", ConvShapeLiteral(s->dw), ","));
  ctx.out->Line(absl::StrCat("    ", ConvShapeLiteral(s->pw), ", ", ctx.pool, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTfaotConvMaxPool2D = {"TfaotConvMaxPool2D", OpClass::kKernel,
                                            &InferConvPool,       &EvalConvPool,
                                            &EmitConvPool,        nullptr,
                                            "runtime/fast_conv_pool.h"};
extern const OpDef kOpTfaotDepthwisePointwise = {"TfaotDepthwisePointwise", OpClass::kKernel,
                                                 &InferSeparable,           &EvalSeparable,
                                                 &EmitSeparable,            nullptr,
                                                 "runtime/fast_separable.h"};

}  // namespace tfaot::ops
