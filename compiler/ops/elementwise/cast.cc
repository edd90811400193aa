// Cast: elementwise dtype conversion (float -> int truncates toward zero,
// x -> bool is x != 0), fused like the other elementwise ops. Half (stored as
// its bits) converts through float both ways, as Eigen's half does.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/elementwise.h"

namespace tfaot::ops {
namespace {

absl::Status InferCast(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kAllTypesWithHalf); !s.ok()) return s;
  auto dst = node.GetType("DstT");
  if (!dst.ok()) return dst.status();
  if (!(kAllTypesWithHalf & DTypeBit(*dst)))
    return node.Error("cannot cast to " + ir::DTypeName(*dst));
  node.SetOutput(0, *dst, node.input_value(0).shape);
  return absl::OkStatus();
}

absl::Status EvalCast(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  const ir::Tensor& src = *in[0];
  out.assign(1, ir::Tensor(node.output(0).dtype, src.shape()));
  const bool half_in = src.dtype() == ir::DType::kHalf;
  const bool half_out = out[0].dtype() == ir::DType::kHalf;
  if (half_in && half_out) {
    out[0] = src;
    return absl::OkStatus();
  }
  if (half_in) {
    ir::VisitDType(out[0].dtype(), [&](auto to_zero) {
      using To = decltype(to_zero);
      for (int64_t i = 0; i < src.num_elements(); ++i)
        out[0].data<To>()[i] = rt::ew::Cast<To>(rt::ew::HalfToFloat(src.data<uint16_t>()[i]));
    });
    return absl::OkStatus();
  }
  if (half_out) {
    ir::VisitDType(src.dtype(), [&](auto from_zero) {
      using From = decltype(from_zero);
      for (int64_t i = 0; i < src.num_elements(); ++i)
        out[0].data<uint16_t>()[i] =
            rt::ew::FloatToHalf(rt::ew::Cast<float>(src.data<From>()[i]));
    });
    return absl::OkStatus();
  }
  ir::VisitDType(src.dtype(), [&](auto from_zero) {
    using From = decltype(from_zero);
    ir::VisitDType(out[0].dtype(), [&](auto to_zero) {
      using To = decltype(to_zero);
      for (int64_t i = 0; i < src.num_elements(); ++i)
        out[0].data<To>()[i] = rt::ew::Cast<To>(src.data<From>()[i]);
    });
  });
  return absl::OkStatus();
}

std::string ExprCast(const ir::FusedStep& step, const std::vector<std::string>& args) {
  const bool half_in = !step.operand_dtypes.empty() && step.operand_dtypes[0] == ir::DType::kHalf;
  const bool half_out = step.dtype == ir::DType::kHalf;
  if (half_in && half_out) return args[0];
  if (half_in)
    return absl::StrCat("ew::Cast<", ir::DTypeCppName(step.dtype), ">(ew::HalfToFloat(", args[0],
                        "))");
  if (half_out) return absl::StrCat("ew::FloatToHalf(ew::Cast<float>(", args[0], "))");
  return absl::StrCat("ew::Cast<", ir::DTypeCppName(step.dtype), ">(", args[0], ")");
}

}  // namespace

extern const OpDef kOpCast = {"Cast",    OpClass::kElementwise, &InferCast, &EvalCast,
                              nullptr,   &ExprCast,             "runtime/elementwise.h"};

}  // namespace tfaot::ops
