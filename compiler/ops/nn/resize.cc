// ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic and ResizeArea on NHWC
// images; `size` (int32 [2]: new height, width) must be a constant.
// Nearest neighbor keeps the dtype; the others produce float, as TensorFlow.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/resize.h"

namespace tfaot::ops {
namespace {

enum class Method { kBilinear, kNearest, kBicubic, kArea };

absl::StatusOr<rt::ResizeShape> Plan(const ir::Node& node) {
  const ir::Shape& x = node.input_value(0).shape;
  if (x.size() != 4)
    return node.Error(absl::StrCat("expects a 4-D NHWC image, got ", ir::ShapeToString(x)));
  auto size = RequireConstantInput(node, 1, "size");
  if (!size.ok()) return size.status();
  std::vector<int64_t> hw = (*size)->ToInt64Vector();
  if (hw.size() != 2 || hw[0] <= 0 || hw[1] <= 0)
    return node.Error(absl::StrCat("size must hold two positive values, got ",
                                   ir::ShapeToString(hw)));
  if (x[1] <= 0 || x[2] <= 0)
    return node.Error(absl::StrCat("input image ", ir::ShapeToString(x), " is empty"));
  rt::ResizeShape s{};
  s.batch = x[0];
  s.in_h = x[1];
  s.in_w = x[2];
  s.channels = x[3];
  s.out_h = hw[0];
  s.out_w = hw[1];
  s.align_corners = node.GetBoolOr("align_corners", false);
  s.half_pixel_centers = node.GetBoolOr("half_pixel_centers", false);
  if (s.align_corners && s.half_pixel_centers)
    return node.Error("half_pixel_centers and align_corners cannot both be true");
  return s;
}

template <Method kMethod>
absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  ir::DType out = kMethod == Method::kNearest ? node.input_value(0).dtype : ir::DType::kFloat;
  node.SetOutput(0, out, {p->batch, p->out_h, p->out_w, p->channels});
  return absl::OkStatus();
}

template <Method kMethod, typename T, typename Out>
void Run(const T* in, Out* out, const rt::ResizeShape& s) {
  if constexpr (kMethod == Method::kNearest) rt::ResizeNearestNeighbor<T>(in, out, s);
  if constexpr (kMethod == Method::kBilinear) rt::ResizeBilinear<T>(in, out, s);
  if constexpr (kMethod == Method::kBicubic) rt::ResizeBicubic<T>(in, out, s);
  if constexpr (kMethod == Method::kArea) rt::ResizeArea<T>(in, out, s);
}

template <Method kMethod>
absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      if constexpr (kMethod == Method::kNearest)
        Run<kMethod>(in[0]->data<T>(), out[0].data<T>(), *p);
      else
        Run<kMethod>(in[0]->data<T>(), out[0].data<float>(), *p);
    }
  });
  return absl::OkStatus();
}

template <Method kMethod>
absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  const char* fn = kMethod == Method::kNearest    ? "ResizeNearestNeighbor"
                   : kMethod == Method::kBilinear ? "ResizeBilinear"
                   : kMethod == Method::kBicubic  ? "ResizeBicubic"
                                                  : "ResizeArea";
  ctx.out->Line(absl::StrCat("tfaot::rt::", fn, "<", ir::DTypeCppName(node.input_value(0).dtype),
                             ">(", ctx.inputs[0], ", ", ctx.outputs[0],
                             ", tfaot::rt::ResizeShape{", p->batch, ", ", p->in_h, ", ", p->in_w,
                             ", ", p->out_h, ", ", p->out_w, ", ", p->channels, ", ",
                             p->align_corners ? "true" : "false", ", ",
                             p->half_pixel_centers ? "true" : "false", "});"));
  return absl::OkStatus();
}

#define TFAOT_RESIZE_OP(name, method)                                                      \
  extern const OpDef kOp##name = {#name,           OpClass::kKernel, &Infer<method>,       \
                                  &Eval<method>,   &Emit<method>,    nullptr,              \
                                  "runtime/resize.h"};

}  // namespace

TFAOT_RESIZE_OP(ResizeBilinear, Method::kBilinear)
TFAOT_RESIZE_OP(ResizeNearestNeighbor, Method::kNearest)
TFAOT_RESIZE_OP(ResizeBicubic, Method::kBicubic)
TFAOT_RESIZE_OP(ResizeArea, Method::kArea)
#undef TFAOT_RESIZE_OP

}  // namespace tfaot::ops
