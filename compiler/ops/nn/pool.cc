// MaxPool, AvgPool, MaxPool3D, AvgPool3D and MaxPoolV2 (ksize and strides as
// constant inputs). 1-D pooling reaches here through ExpandDims.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/ops/nn/window.h"
#include "runtime/pool.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kMaxPoolTypes = kNumericTypes;
constexpr uint64_t kAvgPoolTypes = kFloatTypes;

// kV2: ksize and strides are inputs 1 and 2.
template <int kSpatial, bool kV2>
absl::StatusOr<rt::ConvShape> Plan(const ir::Node& node) {
  auto channels_first = ChannelsFirst(node, kSpatial);
  if (!channels_first.ok()) return channels_first.status();
  absl::StatusOr<Dims3> size, stride;
  if (kV2) {
    auto k = RequireConstantInput(node, 1, "ksize");
    if (!k.ok()) return k.status();
    auto st = RequireConstantInput(node, 2, "strides");
    if (!st.ok()) return st.status();
    size = SpatialList(node, (*k)->ToInt64Vector(), "ksize", kSpatial, *channels_first);
    stride = SpatialList(node, (*st)->ToInt64Vector(), "strides", kSpatial, *channels_first);
  } else {
    size = SpatialAttr(node, "ksize", kSpatial, *channels_first);
    stride = SpatialAttr(node, "strides", kSpatial, *channels_first);
  }
  if (!size.ok()) return size.status();
  if (!stride.ok()) return stride.status();
  auto w = MakeWindow(node, node.input_value(0).shape, kSpatial, *channels_first, *size, *stride,
                      Dims3{1, 1, 1});
  if (!w.ok()) return w.status();
  return ToConvShape(*w, w->channels, 1);
}

template <int kSpatial, bool kMax, bool kV2>
absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, kV2 ? 3 : 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kMax ? kMaxPoolTypes : kAvgPoolTypes); !s.ok()) return s;
  auto p = Plan<kSpatial, kV2>(node);
  if (!p.ok()) return p.status();
  ir::Shape shape{p->batch};
  if (p->channels_first) shape.push_back(p->out_c);
  if (kSpatial == 3) shape.push_back(p->out_d);
  shape.push_back(p->out_h);
  shape.push_back(p->out_w);
  if (!p->channels_first) shape.push_back(p->out_c);
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

template <int kSpatial, bool kMax, bool kV2>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan<kSpatial, kV2>(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kMax ? kMaxPoolTypes : kAvgPoolTypes)) {
      if (kMax)
        rt::MaxPool<T>(in[0]->data<T>(), out[0].data<T>(), *p);
      else
        rt::AvgPool<T>(in[0]->data<T>(), out[0].data<T>(), *p);
    }
  });
  return absl::OkStatus();
}

template <int kSpatial, bool kMax, bool kV2>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan<kSpatial, kV2>(node);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::", kMax ? "MaxPool<" : "AvgPool<",
                             ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[0], ", ",
                             ctx.outputs[0], ", ", ConvShapeLiteral(*p),
                             kMax ? ", " + ctx.pool : std::string(), ");"));
  return absl::OkStatus();
}

#define TFAOT_POOL_OP(name, spatial, is_max, v2)                                        \
  extern const OpDef kOp##name = {#name,                                                \
                                  OpClass::kKernel,                                     \
                                  &Infer<spatial, is_max, v2>,                          \
                                  &Eval<spatial, is_max, v2>,                           \
                                  &Emit<spatial, is_max, v2>,                           \
                                  nullptr,                                              \
                                  "runtime/pool.h"};

}  // namespace

TFAOT_POOL_OP(MaxPool, 2, true, false)
TFAOT_POOL_OP(AvgPool, 2, false, false)
TFAOT_POOL_OP(MaxPool3D, 3, true, false)
TFAOT_POOL_OP(AvgPool3D, 3, false, false)
TFAOT_POOL_OP(MaxPoolV2, 2, true, true)
#undef TFAOT_POOL_OP

}  // namespace tfaot::ops
