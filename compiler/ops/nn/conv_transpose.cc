// Conv2DBackpropInput and Conv3DBackpropInputV2: the transposed convolution
// (the gradient of Conv2D/Conv3D with respect to its input), as
// tf.nn.conv2d_transpose emits it. input_sizes must be a constant; the
// window geometry is the forward convolution's.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/ops/nn/window.h"
#include "runtime/conv.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kConvTypes = kFloatTypes | DTypeBit(ir::DType::kInt32);

template <int kSpatial>
absl::StatusOr<rt::ConvShape> Plan(const ir::Node& node) {
  auto sizes = RequireConstantInput(node, 0, "input_sizes");
  if (!sizes.ok()) return sizes.status();
  ir::Shape x = (*sizes)->ToInt64Vector();
  const ir::Shape& f = node.input_value(1).shape;
  const ir::Shape& dy = node.input_value(2).shape;
  if (static_cast<int>(f.size()) != kSpatial + 2)
    return node.Error(absl::StrCat("expects a ", kSpatial + 2, "-D filter, got ",
                                   ir::ShapeToString(f)));
  for (int64_t d : x)
    if (d < 0) return node.Error(absl::StrCat("input_sizes ", ir::ShapeToString(x), " is negative"));
  auto channels_first = ChannelsFirst(node, kSpatial);
  if (!channels_first.ok()) return channels_first.status();
  auto stride = SpatialAttr(node, "strides", kSpatial, *channels_first);
  if (!stride.ok()) return stride.status();
  auto dilation = SpatialAttr(node, "dilations", kSpatial, *channels_first, 1);
  if (!dilation.ok()) return dilation.status();
  Dims3 size{1, 1, 1};
  for (int i = 0; i < kSpatial; ++i) size[3 - kSpatial + i] = f[i];
  auto w = MakeWindow(node, x, kSpatial, *channels_first, size, *stride, *dilation);
  if (!w.ok()) return w.status();
  const int64_t filter_in = f[kSpatial], filter_out = f[kSpatial + 1];
  if (filter_in <= 0 || w->channels % filter_in != 0 || filter_out % (w->channels / filter_in))
    return node.Error(absl::StrCat("filter ", ir::ShapeToString(f), " does not fit the ",
                                   w->channels, " channels of input_sizes ",
                                   ir::ShapeToString(x)));
  ir::Shape want = ActivationShape(*w, w->batch, w->out, filter_out);
  if (dy != want)
    return node.Error(absl::StrCat("out_backprop has shape ", ir::ShapeToString(dy),
                                   ", the convolution of input_sizes ", ir::ShapeToString(x),
                                   " with filter ", ir::ShapeToString(f), " gives ",
                                   ir::ShapeToString(want)));
  return ToConvShape(*w, filter_out, w->channels / filter_in);
}

template <int kSpatial>
absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 1, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, kConvTypes); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  auto p = Plan<kSpatial>(node);
  if (!p.ok()) return p.status();
  node.SetOutput(0, node.input_value(1).dtype, node.input_constant(0)->ToInt64Vector());
  return absl::OkStatus();
}

template <int kSpatial>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan<kSpatial>(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[1]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kConvTypes))
      rt::ConvBackpropInput<T>(in[2]->data<T>(), in[1]->data<T>(), out[0].data<T>(), *p);
  });
  return absl::OkStatus();
}

template <int kSpatial>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan<kSpatial>(node);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::ConvBackpropInput<",
                             ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[2], ", ",
                             ctx.inputs[1], ", ", ctx.outputs[0], ", ", ConvShapeLiteral(*p),
                             ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpConv2DBackpropInput = {"Conv2DBackpropInput", OpClass::kKernel,
                                             &Infer<2>, &Eval<2>, &Emit<2>, nullptr,
                                             "runtime/conv.h"};
extern const OpDef kOpConv3DBackpropInputV2 = {"Conv3DBackpropInputV2", OpClass::kKernel,
                                               &Infer<3>, &Eval<3>, &Emit<3>, nullptr,
                                               "runtime/conv.h"};

}  // namespace tfaot::ops
