// Ops along one constant axis: ArgMax/ArgMin (output_type int32 or int64)
// and Cumsum/Cumprod (exclusive, reverse). The input is viewed as
// [outer, n, inner] around the axis; kernels are in runtime/reduce.h.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/reduce.h"

namespace tfaot::ops {
namespace {

struct AxisSplit {
  int64_t axis, outer = 1, n = 1, inner = 1;
};

absl::StatusOr<AxisSplit> SplitAt(const ir::Node& node, const char* what) {
  auto t = RequireConstantInput(node, 1, what);
  if (!t.ok()) return t.status();
  if ((*t)->num_elements() != 1 || !ir::IsInteger((*t)->dtype()))
    return node.Error(absl::StrCat(what, " must be an integer scalar"));
  const ir::Shape& shape = node.input_value(0).shape;
  const int64_t rank = static_cast<int64_t>(shape.size());
  int64_t a = (*t)->AsInt64(0);
  if (a < -rank || a >= rank)
    return node.Error(absl::StrCat(what, " ", a, " is out of range for rank ", rank));
  AxisSplit s;
  s.axis = a < 0 ? a + rank : a;
  for (int64_t d = 0; d < rank; ++d) {
    if (d < s.axis) s.outer *= shape[d];
    else if (d == s.axis) s.n = shape[d];
    else s.inner *= shape[d];
  }
  return s;
}

// ---- ArgMax / ArgMin(input, dimension) ----
absl::Status InferArg(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes | kBoolTypes); !s.ok()) return s;
  auto split = SplitAt(node, "dimension");
  if (!split.ok()) return split.status();
  if (split->n == 0) return node.Error("reduces an empty dimension");
  ir::DType out = ir::DType::kInt64;
  if (node.HasAttr("output_type")) {
    auto t = node.GetType("output_type");
    if (!t.ok()) return t.status();
    out = *t;
  }
  if (out != ir::DType::kInt32 && out != ir::DType::kInt64)
    return node.Error("output_type must be int32 or int64, got " + ir::DTypeName(out));
  ir::Shape shape = node.input_value(0).shape;
  shape.erase(shape.begin() + split->axis);
  node.SetOutput(0, out, shape);
  return absl::OkStatus();
}

template <bool kMax>
absl::Status EvalArg(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                     std::vector<ir::Tensor>& out) {
  auto s = SplitAt(node, "dimension");
  if (!s.ok()) return s.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if (out[0].dtype() == ir::DType::kInt32)
      rt::ArgReduce<kMax, T, int32_t>(in[0]->data<T>(), out[0].data<int32_t>(), s->outer, s->n,
                                      s->inner);
    else
      rt::ArgReduce<kMax, T, int64_t>(in[0]->data<T>(), out[0].data<int64_t>(), s->outer, s->n,
                                      s->inner);
  });
  return absl::OkStatus();
}

template <bool kMax>
absl::Status EmitArg(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = SplitAt(node, "dimension");
  if (!s.ok()) return s.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::ArgReduce<", kMax ? "true" : "false", ", ",
                             ir::DTypeCppName(node.input_value(0).dtype), ", ",
                             ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[0], ", ",
                             ctx.outputs[0], ", ", s->outer, ", ", s->n, ", ", s->inner, ");"));
  return absl::OkStatus();
}

// ---- Cumsum / Cumprod(x, axis; exclusive, reverse) ----
absl::Status InferCumulative(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto split = SplitAt(node, "axis");
  if (!split.ok()) return split.status();
  return InferSameAsInput(node);
}

template <bool kProd>
absl::Status EvalCumulative(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                            std::vector<ir::Tensor>& out) {
  auto s = SplitAt(node, "axis");
  if (!s.ok()) return s.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes))
      rt::Cumulative<kProd, T>(in[0]->data<T>(), out[0].data<T>(), s->outer, s->n, s->inner,
                               node.GetBoolOr("exclusive", false),
                               node.GetBoolOr("reverse", false));
  });
  return absl::OkStatus();
}

template <bool kProd>
absl::Status EmitCumulative(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = SplitAt(node, "axis");
  if (!s.ok()) return s.status();
  ctx.out->Line(absl::StrCat(
      "tfaot::rt::Cumulative<", kProd ? "true" : "false", ", ",
      ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[0], ", ", ctx.outputs[0], ", ",
      s->outer, ", ", s->n, ", ", s->inner, ", ",
      node.GetBoolOr("exclusive", false) ? "true" : "false", ", ",
      node.GetBoolOr("reverse", false) ? "true" : "false", ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpArgMax = {"ArgMax", OpClass::kKernel, &InferArg, &EvalArg<true>,
                                &EmitArg<true>, nullptr, "runtime/reduce.h"};
extern const OpDef kOpArgMin = {"ArgMin", OpClass::kKernel, &InferArg, &EvalArg<false>,
                                &EmitArg<false>, nullptr, "runtime/reduce.h"};
extern const OpDef kOpCumsum = {"Cumsum", OpClass::kKernel, &InferCumulative,
                                &EvalCumulative<false>, &EmitCumulative<false>, nullptr,
                                "runtime/reduce.h"};
extern const OpDef kOpCumprod = {"Cumprod", OpClass::kKernel, &InferCumulative,
                                 &EvalCumulative<true>, &EmitCumulative<true>, nullptr,
                                 "runtime/reduce.h"};

}  // namespace tfaot::ops
