// Internal kernels the select-kernels pass chooses (not TensorFlow ops):
//   TfaotConv2D(x, packed_filter[, bias])          float32 NHWC, one group
//   TfaotDepthwiseConv2D(x, packed_filter[, bias])  float32 NHWC, multiplier 1
// Attributes: "conv_shape", 15 ints [batch, in_h, in_w, in_c, out_h, out_w,
// out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w] (padding
// before), and "activation" (0 none, 1 Relu, 2 Relu6) applied after the bias.
// Filters are packed as runtime/fast_conv.h and runtime/fast_depthwise.h
// describe; eval and the emitted code call the same runtime function.
#include "absl/strings/str_cat.h"
#include "compiler/ops/kernels/conv_attrs.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/ops/nn/window.h"
#include "runtime/fast_conv.h"
#include "runtime/fast_depthwise.h"

namespace tfaot::ops {
namespace {

absl::StatusOr<rt::ConvShape> ShapeOf(const ir::Node& node) {
  return ConvShapeFromAttr(node, "conv_shape");
}

int Activation(const ir::Node& node) {
  return static_cast<int>(node.GetIntOr("activation", rt::kConvActNone));
}

template <bool kDepthwise>
absl::Status Infer(ir::Node& node) {
  if (node.num_inputs() != 2 && node.num_inputs() != 3)
    return node.Error("expects 2 or 3 inputs (x, packed filter[, bias])");
  for (int i = 0; i < node.num_inputs(); ++i)
    if (node.input_value(i).dtype != ir::DType::kFloat)
      return node.Error(absl::StrCat("input ", i, " must be float32"));
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  int act = Activation(node);
  if (act < 0 || act > 2) return node.Error("activation must be 0, 1 or 2");
  if (kDepthwise && s->in_c != s->out_c) return node.Error("depthwise needs in_c == out_c");
  const ir::Shape want{s->batch, s->in_h, s->in_w, s->in_c};
  if (node.input_value(0).shape != want)
    return node.Error(absl::StrCat("input ", ir::ShapeToString(node.input_value(0).shape),
                                   " does not match conv_shape ", ir::ShapeToString(want)));
  const int64_t packed = kDepthwise ? rt::PackedDepthwiseFilterSize(s->k_h, s->k_w, s->in_c)
                                    : rt::PackedConvFilterSize(s->k_h, s->k_w, s->in_c, s->out_c);
  if (ir::NumElements(node.input_value(1).shape) != packed)
    return node.Error(absl::StrCat("packed filter needs ", packed, " elements"));
  if (node.num_inputs() == 3 && ir::NumElements(node.input_value(2).shape) != s->out_c)
    return node.Error(absl::StrCat("bias needs ", s->out_c, " elements"));
  node.SetOutput(0, ir::DType::kFloat, {s->batch, s->out_h, s->out_w, s->out_c});
  return absl::OkStatus();
}

template <bool kDepthwise, int kAct>
void Run(const float* x, const float* w, const float* b, float* y, const rt::ConvShape& s) {
  if (kDepthwise)
    rt::FastDepthwiseConv2D<kAct>(x, w, b, y, s);
  else
    rt::FastConv2D<kAct>(x, w, b, y, s);
}

template <bool kDepthwise>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  const float* bias = in.size() == 3 ? in[2]->data<float>() : nullptr;
  const float *x = in[0]->data<float>(), *w = in[1]->data<float>();
  float* y = out[0].data<float>();
  switch (Activation(node)) {
    case rt::kConvActRelu: Run<kDepthwise, rt::kConvActRelu>(x, w, bias, y, *s); break;
    case rt::kConvActRelu6: Run<kDepthwise, rt::kConvActRelu6>(x, w, bias, y, *s); break;
    default: Run<kDepthwise, rt::kConvActNone>(x, w, bias, y, *s); break;
  }
  return absl::OkStatus();
}

template <bool kDepthwise>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  const char* fn = kDepthwise ? "FastDepthwiseConv2D" : "FastConv2D";
  const std::string bias = node.num_inputs() == 3 ? ctx.inputs[2] : "nullptr";
  // Panels that pair up: only the paired tiles get compiled. The column
  // stride stays a run-time value (kXs = 0): a static one compiles a whole
  // family of tiles (about 1.7 s of a model's build) for a first layer that is
  // a few percent of a CNN's work.
  const bool pairs = !kDepthwise && (s->out_c + rt::kConvBlock - 1) / rt::kConvBlock % 2 == 0;
  const std::string xs_arg = pairs ? ", 0, true" : "";
  ctx.out->Line(absl::StrCat("tfaot::rt::", fn, "<", Activation(node), xs_arg, ">(",
                             ctx.inputs[0], ", ", ctx.inputs[1], ", ", bias, ", ",
                             ctx.outputs[0], ", ", ConvShapeLiteral(*s), ", ", ctx.pool, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTfaotConv2D = {"TfaotConv2D", OpClass::kKernel, &Infer<false>,
                                     &Eval<false>,  &Emit<false>,     nullptr,
                                     "runtime/fast_conv.h"};
extern const OpDef kOpTfaotDepthwiseConv2D = {
    "TfaotDepthwiseConv2D", OpClass::kKernel, &Infer<true>, &Eval<true>, &Emit<true>, nullptr,
    "runtime/fast_depthwise.h"};

}  // namespace tfaot::ops
