// Conv2D, Conv3D and DepthwiseConv2dNative: one direct convolution kernel
// (runtime/conv.h). Depthwise is the grouped convolution with one input
// channel per group; Conv2D with a filter of fewer input channels than the
// input is grouped the same way, as TensorFlow allows.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/ops/nn/window.h"
#include "runtime/conv.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kConvTypes = kFloatTypes | DTypeBit(ir::DType::kInt32);

absl::StatusOr<rt::ConvShape> Plan(const ir::Node& node, int spatial, bool depthwise) {
  const ir::Shape& x = node.input_value(0).shape;
  const ir::Shape& f = node.input_value(1).shape;
  if (static_cast<int>(f.size()) != spatial + 2)
    return node.Error(absl::StrCat("expects a ", spatial + 2, "-D filter, got ",
                                   ir::ShapeToString(f)));
  auto channels_first = ChannelsFirst(node, spatial);
  if (!channels_first.ok()) return channels_first.status();
  auto stride = SpatialAttr(node, "strides", spatial, *channels_first);
  if (!stride.ok()) return stride.status();
  auto dilation = SpatialAttr(node, "dilations", spatial, *channels_first, 1);
  if (!dilation.ok()) return dilation.status();
  Dims3 size{1, 1, 1};
  for (int i = 0; i < spatial; ++i) size[3 - spatial + i] = f[i];
  auto w = MakeWindow(node, x, spatial, *channels_first, size, *stride, *dilation);
  if (!w.ok()) return w.status();
  const int64_t filter_in = f[spatial], filter_out = f[spatial + 1];
  if (depthwise) {
    if (filter_in != w->channels)
      return node.Error(absl::StrCat("filter ", ir::ShapeToString(f), " expects ", filter_in,
                                     " input channels, the input ", ir::ShapeToString(x),
                                     " has ", w->channels));
    return ToConvShape(*w, w->channels * filter_out, w->channels);
  }
  if (filter_in <= 0 || w->channels % filter_in != 0 || filter_out % (w->channels / filter_in))
    return node.Error(absl::StrCat("filter ", ir::ShapeToString(f), " does not fit the ",
                                   w->channels, " input channels of ", ir::ShapeToString(x)));
  return ToConvShape(*w, filter_out, w->channels / filter_in);
}

ir::Shape OutputShape(const rt::ConvShape& s, int spatial) {
  ir::Shape shape{s.batch};
  if (s.channels_first) shape.push_back(s.out_c);
  if (spatial == 3) shape.push_back(s.out_d);
  shape.push_back(s.out_h);
  shape.push_back(s.out_w);
  if (!s.channels_first) shape.push_back(s.out_c);
  return shape;
}

template <int kSpatial, bool kDepthwise>
absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kConvTypes); !s.ok()) return s;
  auto p = Plan(node, kSpatial, kDepthwise);
  if (!p.ok()) return p.status();
  node.SetOutput(0, node.input_value(0).dtype, OutputShape(*p, kSpatial));
  return absl::OkStatus();
}

template <int kSpatial, bool kDepthwise>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan(node, kSpatial, kDepthwise);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kConvTypes))
      rt::Conv<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(), *p);
  });
  return absl::OkStatus();
}

template <int kSpatial, bool kDepthwise>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan(node, kSpatial, kDepthwise);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::Conv<", ir::DTypeCppName(node.output(0).dtype), ">(",
                             ctx.inputs[0], ", ", ctx.inputs[1], ", ", ctx.outputs[0], ", ",
                             ConvShapeLiteral(*p), ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpConv2D = {"Conv2D",          OpClass::kKernel, &Infer<2, false>,
                                &Eval<2, false>,   &Emit<2, false>,  nullptr,
                                "runtime/conv.h"};
extern const OpDef kOpConv3D = {"Conv3D",          OpClass::kKernel, &Infer<3, false>,
                                &Eval<3, false>,   &Emit<3, false>,  nullptr,
                                "runtime/conv.h"};
extern const OpDef kOpDepthwiseConv2dNative = {
    "DepthwiseConv2dNative", OpClass::kKernel, &Infer<2, true>, &Eval<2, true>,
    &Emit<2, true>,          nullptr,          "runtime/conv.h"};

}  // namespace tfaot::ops
