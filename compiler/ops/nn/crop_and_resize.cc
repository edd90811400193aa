// CropAndResize: crops of boxes from NHWC images, resized to the constant
// crop_size, as float (method "bilinear" or "nearest").
#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/crop_and_resize.h"

namespace tfaot::ops {
namespace {

absl::StatusOr<rt::CropShape> Plan(const ir::Node& node) {
  const ir::Shape& image = node.input_value(0).shape;
  const ir::Shape& boxes = node.input_value(1).shape;
  const ir::Shape& index = node.input_value(2).shape;
  if (image.size() != 4)
    return node.Error(absl::StrCat("expects a 4-D NHWC image, got ", ir::ShapeToString(image)));
  if (boxes.size() != 2 || boxes[1] != 4 || index.size() != 1 || index[0] != boxes[0])
    return node.Error(absl::StrCat("expects boxes [n, 4] and box_ind [n], got ",
                                   ir::ShapeToString(boxes), " and ", ir::ShapeToString(index)));
  auto size = RequireConstantInput(node, 3, "crop_size");
  if (!size.ok()) return size.status();
  std::vector<int64_t> hw = (*size)->ToInt64Vector();
  if (hw.size() != 2 || hw[0] <= 0 || hw[1] <= 0)
    return node.Error(absl::StrCat("crop_size must hold two positive values, got ",
                                   ir::ShapeToString(hw)));
  const std::string method = node.GetStringOr("method", "bilinear");
  if (method != "bilinear" && method != "nearest")
    return node.Error(absl::StrCat("method '", method, "' is not supported"));
  return rt::CropShape{image[0], image[1], image[2], image[3], boxes[0], hw[0], hw[1],
                       method == "nearest", node.GetFloatOr("extrapolation_value", 0.0f)};
}

absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 4); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kFloat)); !s.ok()) return s;
  if (auto s = ExpectDType(node, 2, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  node.SetOutput(0, ir::DType::kFloat, {p->boxes, p->crop_h, p->crop_w, p->depth});
  return absl::OkStatus();
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      if (in[2]->dtype() == ir::DType::kInt32)
        rt::CropAndResize<T, int32_t>(in[0]->data<T>(), in[1]->data<float>(),
                                      in[2]->data<int32_t>(), out[0].data<float>(), *p);
      else
        rt::CropAndResize<T, int64_t>(in[0]->data<T>(), in[1]->data<float>(),
                                      in[2]->data<int64_t>(), out[0].data<float>(), *p);
    }
  });
  return absl::OkStatus();
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = Plan(node);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat(
      "tfaot::rt::CropAndResize<", ir::DTypeCppName(node.input_value(0).dtype), ", ",
      ir::DTypeCppName(node.input_value(2).dtype), ">(", ctx.inputs[0], ", ", ctx.inputs[1],
      ", ", ctx.inputs[2], ", ", ctx.outputs[0], ", tfaot::rt::CropShape{", p->batch, ", ",
      p->image_h, ", ", p->image_w, ", ", p->depth, ", ", p->boxes, ", ", p->crop_h, ", ",
      p->crop_w, ", ", p->nearest ? "true" : "false", ", ",
      codegen::FloatLiteral(p->extrapolation_value), "});"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpCropAndResize = {"CropAndResize", OpClass::kKernel, &Infer, &Eval,
                                       &Emit, nullptr, "runtime/crop_and_resize.h"};

}  // namespace tfaot::ops
