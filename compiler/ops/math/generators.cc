// Ops that make tensors from shapes and scalars: Fill and BroadcastTo (copy
// plans, so they also run when the value is a run-time tensor), Range and
// LinSpace (all operands constant: their size depends on the values), Shape,
// ShapeN, Size and Rank (known from static shapes, so their outputs are
// constants as soon as the shape rule runs), and Bitcast.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

// ---- Fill(dims, value) ----
absl::Status InferFill(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto dims = RequireConstantInput(node, 0, "dims");
  if (!dims.ok()) return dims.status();
  if (ir::NumElements(node.input_value(1).shape) != 1 || !node.input_value(1).shape.empty())
    return node.Error("value must be a scalar, got " +
                      ir::ShapeToString(node.input_value(1).shape));
  ir::Shape shape = (*dims)->ToInt64Vector();
  for (int64_t d : shape)
    if (d < 0) return node.Error(absl::StrCat("dims has a negative size ", d));
  node.SetOutput(0, node.input_value(1).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> FillPlan(const ir::Node&) {
  CopyPlan plan;
  plan.fill = CopyPlan::Fill::kInput;
  plan.fill_input = 1;
  return plan;
}

// ---- BroadcastTo(input, shape) ----
absl::Status InferBroadcastTo(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto target = RequireConstantInput(node, 1, "shape");
  if (!target.ok()) return target.status();
  ir::Shape shape = (*target)->ToInt64Vector();
  auto b = BroadcastShapes(node, node.input_value(0).shape, shape);
  if (!b.ok()) return b.status();
  if (*b != shape)
    return node.Error(absl::StrCat("cannot broadcast ",
                                   ir::ShapeToString(node.input_value(0).shape), " to ",
                                   ir::ShapeToString(shape)));
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> BroadcastToPlan(const ir::Node& node) {
  BoxCopy copy;
  copy.shape = node.output(0).shape;
  copy.in_strides = BroadcastStrides(node.input_value(0).shape, copy.shape);
  copy.out_strides = ir::RowMajorStrides(copy.shape);
  CopyPlan plan;
  plan.copies.push_back(copy);
  return plan;
}

// ---- Range(start, limit, delta) and LinSpace(start, stop, num) ----
absl::Status InferRange(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  const char* names[] = {"start", "limit", "delta"};
  double v[3];
  for (int i = 0; i < 3; ++i) {
    auto t = RequireConstantInput(node, i, names[i]);
    if (!t.ok()) return t.status();
    if ((*t)->num_elements() != 1) return node.Error(absl::StrCat(names[i], " must be a scalar"));
    v[i] = (*t)->AsDouble(0);
  }
  if (v[2] == 0) return node.Error("delta must not be 0");
  if ((v[2] > 0 && v[0] > v[1]) || (v[2] < 0 && v[0] < v[1]))
    return node.Error("limit is not reachable from start with this delta's sign");
  // The size as TensorFlow's kernel computes it, in the operands' type.
  int64_t size = 0;
  ir::VisitDType(node.input_value(0).dtype, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      const T start = node.input_constant(0)->data<T>()[0];
      const T limit = node.input_constant(1)->data<T>()[0];
      const T delta = node.input_constant(2)->data<T>()[0];
      if constexpr (std::is_integral_v<T>) {
        const int64_t span = std::llabs(static_cast<int64_t>(limit) - static_cast<int64_t>(start));
        const int64_t step = std::llabs(static_cast<int64_t>(delta));
        size = (span + step - 1) / step;
      } else {
        size = static_cast<int64_t>(std::ceil(std::fabs((limit - start) / delta)));
      }
    }
  });
  node.SetOutput(0, node.input_value(0).dtype, {size});
  return absl::OkStatus();
}

// As TensorFlow's kernel: the value accumulates delta step by step.
absl::Status EvalRange(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                       std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      T value = in[0]->data<T>()[0];
      const T delta = in[2]->data<T>()[0];
      for (int64_t i = 0; i < out[0].num_elements(); ++i) {
        out[0].data<T>()[i] = value;
        value = static_cast<T>(value + delta);
      }
    }
  });
  return absl::OkStatus();
}

absl::Status InferLinSpace(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  for (int i = 0; i < 2; ++i)
    if (auto t = RequireConstantInput(node, i, i == 0 ? "start" : "stop"); !t.ok())
      return t.status();
  auto num = RequireConstantInput(node, 2, "num");
  if (!num.ok()) return num.status();
  if ((*num)->num_elements() != 1 || (*num)->AsInt64(0) <= 0)
    return node.Error("num must be a positive scalar");
  node.SetOutput(0, node.input_value(0).dtype, {(*num)->AsInt64(0)});
  return absl::OkStatus();
}

absl::Status EvalLinSpace(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kFloatTypes)) {
      const T start = in[0]->data<T>()[0], stop = in[1]->data<T>()[0];
      const int64_t n = out[0].num_elements();
      T* o = out[0].data<T>();
      o[0] = start;
      if (n > 1) {
        const T step = (stop - start) / static_cast<T>(n - 1);
        for (int64_t i = 1; i < n - 1; ++i) o[i] = start + step * static_cast<T>(i);
        o[n - 1] = stop;
      }
    }
  });
  return absl::OkStatus();
}

// ---- Shape, ShapeN, Size, Rank: constants from static shapes ----
ir::Tensor IntTensor(ir::DType dtype, const std::vector<int64_t>& values, ir::Shape shape) {
  if (dtype == ir::DType::kInt32)
    return ir::Tensor::FromVector<int32_t>(std::vector<int32_t>(values.begin(), values.end()),
                                           std::move(shape));
  return ir::Tensor::FromVector<int64_t>(values, std::move(shape));
}

absl::StatusOr<ir::DType> OutType(const ir::Node& node, const char* attr) {
  if (!node.HasAttr(attr)) return ir::DType::kInt32;
  auto t = node.GetType(attr);
  if (!t.ok()) return t.status();
  if (*t != ir::DType::kInt32 && *t != ir::DType::kInt64)
    return node.Error(absl::StrCat(attr, " must be int32 or int64"));
  return *t;
}

// Output i of a shape query: the tensor `fn(node, i)`.
template <ir::Tensor (*kFn)(const ir::Node&, int, ir::DType)>
absl::Status InferQuery(ir::Node& node) {
  if (node.num_inputs() < 1) return node.Error("expects an input");
  auto type = OutType(node, "out_type");
  if (!type.ok()) return type.status();
  const int outputs = node.op() == "ShapeN" ? node.num_inputs() : 1;
  for (int i = 0; i < outputs; ++i) {
    ir::Tensor t = kFn(node, i, *type);
    node.SetOutput(i, t.dtype(), t.shape());
    node.output(i).constant = std::make_shared<ir::Tensor>(std::move(t));
  }
  return absl::OkStatus();
}

ir::Tensor ShapeOf(const ir::Node& node, int i, ir::DType type) {
  const ir::Shape& s = node.input_value(i).shape;
  return IntTensor(type, s, {static_cast<int64_t>(s.size())});
}
ir::Tensor SizeOf(const ir::Node& node, int, ir::DType type) {
  return IntTensor(type, {ir::NumElements(node.input_value(0).shape)}, {});
}
ir::Tensor RankOf(const ir::Node& node, int, ir::DType) {
  return IntTensor(ir::DType::kInt32, {static_cast<int64_t>(node.input_value(0).shape.size())},
                   {});
}

// The constants the shape rule already set (for reference evaluation).
absl::Status EvalKnown(const ir::Node& node, const std::vector<const ir::Tensor*>&,
                       std::vector<ir::Tensor>& out) {
  out.clear();
  for (const ir::Value& v : node.outputs()) {
    if (!v.constant) return node.Error("output is not known at compile time");
    out.push_back(*v.constant);
  }
  return absl::OkStatus();
}

// ---- Bitcast(input; type): the same bytes as another dtype (half too) ----
absl::Status InferBitcast(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kAllTypesWithHalf); !s.ok()) return s;
  auto type = node.GetType("type");
  if (!type.ok()) return type.status();
  if (!(kAllTypesWithHalf & DTypeBit(*type)))
    return node.Error("cannot bitcast to " + ir::DTypeName(*type));
  const int64_t in_size = ir::DTypeSize(node.input_value(0).dtype);
  const int64_t out_size = ir::DTypeSize(*type);
  ir::Shape shape = node.input_value(0).shape;
  if (in_size > out_size) {
    shape.push_back(in_size / out_size);
  } else if (in_size < out_size) {
    if (shape.empty() || shape.back() != out_size / in_size)
      return node.Error(absl::StrCat("the last dimension must be ", out_size / in_size,
                                     " to bitcast to ", ir::DTypeName(*type)));
    shape.pop_back();
  }
  node.SetOutput(0, *type, shape);
  return absl::OkStatus();
}

absl::Status EvalBitcast(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  // An empty tensor's raw() is null, and memcpy(null, null, 0) is undefined.
  if (out[0].byte_size() > 0) std::memcpy(out[0].raw(), in[0]->raw(), out[0].byte_size());
  return absl::OkStatus();
}

absl::Status EmitBitcast(const ir::Node& node, codegen::KernelContext& ctx) {
  ctx.out->Line(absl::StrCat("std::memcpy(", ctx.outputs[0], ", ", ctx.inputs[0], ", ",
                             ir::NumElements(node.output(0).shape) *
                                 ir::DTypeSize(node.output(0).dtype),
                             ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpFill = {"Fill",   OpClass::kKernel, &InferFill,
                              &EvalCopyPlan<&FillPlan>, &EmitCopyPlan<&FillPlan>,
                              nullptr,  "runtime/strided_copy.h"};
extern const OpDef kOpBroadcastTo = {"BroadcastTo",
                                     OpClass::kKernel,
                                     &InferBroadcastTo,
                                     &EvalCopyPlan<&BroadcastToPlan>,
                                     &EmitCopyPlan<&BroadcastToPlan>,
                                     nullptr,
                                     "runtime/strided_copy.h"};
extern const OpDef kOpRange = {"Range", OpClass::kKernel, &InferRange, &EvalRange,
                               nullptr, nullptr,          nullptr};
extern const OpDef kOpLinSpace = {"LinSpace", OpClass::kKernel, &InferLinSpace, &EvalLinSpace,
                                  nullptr,    nullptr,          nullptr};
extern const OpDef kOpShape = {"Shape",  OpClass::kKernel, &InferQuery<&ShapeOf>, &EvalKnown,
                               nullptr,  nullptr,          nullptr};
extern const OpDef kOpShapeN = {"ShapeN", OpClass::kKernel, &InferQuery<&ShapeOf>, &EvalKnown,
                                nullptr,  nullptr,          nullptr};
extern const OpDef kOpSize = {"Size",  OpClass::kKernel, &InferQuery<&SizeOf>, &EvalKnown,
                              nullptr, nullptr,          nullptr};
extern const OpDef kOpRank = {"Rank",  OpClass::kKernel, &InferQuery<&RankOf>, &EvalKnown,
                              nullptr, nullptr,          nullptr};
extern const OpDef kOpBitcast = {"Bitcast",    OpClass::kKernel, &InferBitcast, &EvalBitcast,
                                 &EmitBitcast, nullptr,          nullptr};

}  // namespace tfaot::ops
