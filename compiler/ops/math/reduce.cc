// Reductions over constant axes: Sum, Mean, Prod, Max, Min, All, Any (with
// keep_dims and negative or repeated axes), and L2Loss. Each one is a call
// to rt::Reduce (runtime/reduce.h) with the input's dimensions merged into
// alternating runs of kept and reduced extents.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/reduce.h"

namespace tfaot::ops {
namespace {

struct ReducePlan {
  std::vector<int64_t> dims;  // merged extents (never empty)
  uint32_t mask = 0;          // bit d set: dims[d] is reduced
  ir::Shape out_shape;
};

absl::StatusOr<ReducePlan> Plan(const ir::Node& node) {
  auto axes = RequireConstantInput(node, 1, "reduction_indices");
  if (!axes.ok()) return axes.status();
  if (!ir::IsInteger((*axes)->dtype()))
    return node.Error("reduction_indices must be int32 or int64");
  const ir::Shape& in = node.input_value(0).shape;
  const int64_t rank = static_cast<int64_t>(in.size());
  std::set<int64_t> reduced;
  for (int64_t a : (*axes)->ToInt64Vector()) {
    if (a < -rank || a >= rank)
      return node.Error(absl::StrCat("reduction axis ", a, " is out of range for rank ", rank));
    reduced.insert(a < 0 ? a + rank : a);
  }
  const bool keep_dims = node.GetBoolOr("keep_dims", false);
  ReducePlan plan;
  std::vector<bool> kinds;
  for (int64_t d = 0; d < rank; ++d) {
    bool r = reduced.count(d) > 0;
    if (!r) plan.out_shape.push_back(in[d]);
    else if (keep_dims) plan.out_shape.push_back(1);
    if (in[d] == 1) continue;
    if (!kinds.empty() && kinds.back() == r) {
      plan.dims.back() *= in[d];
    } else {
      plan.dims.push_back(in[d]);
      kinds.push_back(r);
    }
  }
  if (plan.dims.empty()) {
    plan.dims.push_back(1);
    kinds.push_back(false);
  }
  if (plan.dims.size() > 16) return node.Error("reduction of more than 16 dimensions");
  for (size_t d = 0; d < kinds.size(); ++d)
    if (kinds[d]) plan.mask |= uint32_t{1} << d;
  return plan;
}

template <uint64_t kTypes>
absl::Status InferReduce(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kTypes); !s.ok()) return s;
  auto plan = Plan(node);
  if (!plan.ok()) return plan.status();
  node.SetOutput(0, node.input_value(0).dtype, plan->out_shape);
  return absl::OkStatus();
}

template <typename R, uint64_t kTypes>
absl::Status EvalReduce(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  auto plan = Plan(node);
  if (!plan.ok()) return plan.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kTypes))
      rt::Reduce<R, T>(in[0]->data<T>(), out[0].data<T>(), plan->dims.data(),
                       static_cast<int>(plan->dims.size()), plan->mask);
  });
  return absl::OkStatus();
}

template <typename Reducer>
absl::Status EmitReduce(const ir::Node& node, codegen::KernelContext& ctx) {
  auto plan = Plan(node);
  if (!plan.ok()) return plan.status();
  ctx.out->Open("{");
  ctx.out->Line(absl::StrCat("static constexpr int64_t kDims[] = {",
                             absl::StrJoin(plan->dims, ", "), "};"));
  ctx.out->Line(absl::StrCat("tfaot::rt::Reduce<tfaot::rt::", Reducer::kName, ", ",
                             ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[0], ", ",
                             ctx.outputs[0], ", kDims, ", plan->dims.size(), ", ", plan->mask,
                             "u);"));
  ctx.out->Close();
  return absl::OkStatus();
}

// ---- L2Loss(t) = sum(t^2) / 2, a scalar ----
absl::Status InferL2Loss(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  node.SetOutput(0, node.input_value(0).dtype, {});
  return absl::OkStatus();
}

absl::Status EvalL2Loss(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, {}));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kFloatTypes))
      rt::L2Loss<T>(in[0]->data<T>(), out[0].data<T>(), in[0]->num_elements());
  });
  return absl::OkStatus();
}

absl::Status EmitL2Loss(const ir::Node& node, codegen::KernelContext& ctx) {
  ctx.out->Line(absl::StrCat("tfaot::rt::L2Loss<", ir::DTypeCppName(node.output(0).dtype),
                             ">(", ctx.inputs[0], ", ", ctx.outputs[0], ", ",
                             ir::NumElements(node.input_value(0).shape), ");"));
  return absl::OkStatus();
}

}  // namespace

#define TFAOT_REDUCE_OP(name, reducer, types)                                                \
  extern const OpDef kOp##name = {#name,                                                     \
                                  OpClass::kKernel,                                          \
                                  &InferReduce<types>,                                       \
                                  &EvalReduce<rt::reducer, types>,                           \
                                  &EmitReduce<rt::reducer>,                                   \
                                  nullptr,                                                   \
                                  "runtime/reduce.h"};
TFAOT_REDUCE_OP(Sum, SumReducer, kNumericTypes)
TFAOT_REDUCE_OP(Mean, MeanReducer, kNumericTypes)
TFAOT_REDUCE_OP(Prod, ProdReducer, kNumericTypes)
TFAOT_REDUCE_OP(Max, MaxReducer, kNumericTypes)
TFAOT_REDUCE_OP(Min, MinReducer, kNumericTypes)
TFAOT_REDUCE_OP(All, AllReducer, kBoolTypes)
TFAOT_REDUCE_OP(Any, AnyReducer, kBoolTypes)
#undef TFAOT_REDUCE_OP

extern const OpDef kOpL2Loss = {"L2Loss",    OpClass::kKernel, &InferL2Loss, &EvalL2Loss,
                                &EmitL2Loss, nullptr,          "runtime/reduce.h"};

}  // namespace tfaot::ops
