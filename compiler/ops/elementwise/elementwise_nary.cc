// Elementwise ops that do not fit a plain table row: LeakyRelu (an attribute),
// ClipByValue and Select/SelectV2 (three operands), AddN/AccumulateNV2 (any
// number). Like the rows of elementwise_ops.def, the evaluator and the fused
// expression call the same runtime/elementwise.h function.
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/elementwise.h"

namespace tfaot::ops {
namespace {

namespace ew = ::tfaot::rt::ew;

// The numpy broadcast of the shapes of inputs [first, num_inputs).
absl::StatusOr<ir::Shape> BroadcastInputs(const ir::Node& node, int first) {
  ir::Shape shape = node.input_value(first).shape;
  for (int i = first + 1; i < node.num_inputs(); ++i) {
    auto b = BroadcastShapes(node, shape, node.input_value(i).shape);
    if (!b.ok()) return b.status();
    shape = *b;
  }
  return shape;
}

// Evaluates out[i] = fn(T-typed args...) over the broadcast inputs, with T
// the dtype of input `typed` (the others keep their own types: Select's bool).
template <typename Fn>
absl::Status EvalBroadcast(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                           std::vector<ir::Tensor>& out, int typed, uint64_t types, Fn fn) {
  const ir::Value& result = node.output(0);
  std::vector<ir::Tensor> args;
  for (const ir::Tensor* t : in) args.push_back(BroadcastTensor(*t, result.shape));
  out.assign(1, ir::Tensor(result.dtype, result.shape));
  bool handled = false;
  ir::VisitDType(in[typed]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kAllTypes)) {
      if (!InTypeSet<T>(types)) return;
      handled = true;
      fn(T{}, args, out[0]);
    }
  });
  if (!handled) return node.Error("cannot evaluate this dtype");
  return absl::OkStatus();
}

// ---- LeakyRelu(features; alpha) ----
absl::Status InferLeakyRelu(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  return InferSameAsInput(node);
}

absl::Status EvalLeakyRelu(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                           std::vector<ir::Tensor>& out) {
  const float alpha = node.GetFloatOr("alpha", 0.2f);
  return EvalBroadcast(node, in, out, 0, kFloatTypes, [&](auto zero, auto& a, ir::Tensor& r) {
    using T = decltype(zero);
    for (int64_t i = 0; i < r.num_elements(); ++i)
      r.data<T>()[i] = ew::LeakyRelu(a[0].template data<T>()[i], static_cast<T>(alpha));
  });
}

std::string ExprLeakyRelu(const ir::FusedStep& step, const std::vector<std::string>& a) {
  auto it = step.attrs.find("alpha");
  float alpha = 0.2f;
  if (it != step.attrs.end())
    if (const float* f = std::get_if<float>(&it->second)) alpha = *f;
  return absl::StrCat("ew::LeakyRelu(", a[0], ", static_cast<", ir::DTypeCppName(step.dtype),
                      ">(", codegen::FloatLiteral(alpha), "))");
}

// ---- ClipByValue(t, min, max) ----
absl::Status InferClipByValue(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto shape = BroadcastInputs(node, 0);
  if (!shape.ok()) return shape.status();
  node.SetOutput(0, node.input_value(0).dtype, *shape);
  return absl::OkStatus();
}

absl::Status EvalClipByValue(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                             std::vector<ir::Tensor>& out) {
  return EvalBroadcast(node, in, out, 0, kNumericTypes, [](auto zero, auto& a, ir::Tensor& r) {
    using T = decltype(zero);
    for (int64_t i = 0; i < r.num_elements(); ++i)
      r.data<T>()[i] = ew::ClipByValue(a[0].template data<T>()[i], a[1].template data<T>()[i],
                                       a[2].template data<T>()[i]);
  });
}

// ---- Select(condition, x, y) / SelectV2 ----
// SelectV2 broadcasts all three operands. Select (v1) wants x and y of one
// shape and a condition that is a scalar, of x's shape, or a vector that
// picks rows of x: that is the condition reshaped to [n, 1, ..., 1] and
// broadcast (here, and in the canonicalize pass, which rewrites such a
// Select into a Reshape and a SelectV2 for the fused loops).
absl::Status InferSelect(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kBoolTypes); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 1, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, kAllTypes); !s.ok()) return s;
  const ir::Shape& c = node.input_value(0).shape;
  const ir::Shape& x = node.input_value(1).shape;
  if (node.op() == "Select") {
    if (x != node.input_value(2).shape)
      return node.Error(absl::StrCat("x and y must have one shape, got ", ir::ShapeToString(x),
                                     " and ", ir::ShapeToString(node.input_value(2).shape)));
    bool vector_rows = c.size() == 1 && x.size() > 1 && c[0] == x[0];
    if (!c.empty() && c != x && !vector_rows)
      return node.Error(absl::StrCat("condition ", ir::ShapeToString(c),
                                     " must be a scalar, of x's shape ", ir::ShapeToString(x),
                                     ", or a vector of x's first dimension"));
    node.SetOutput(0, node.input_value(1).dtype, x);
    return absl::OkStatus();
  }
  auto shape = BroadcastInputs(node, 0);
  if (!shape.ok()) return shape.status();
  node.SetOutput(0, node.input_value(1).dtype, *shape);
  return absl::OkStatus();
}

absl::Status EvalSelect(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  std::vector<const ir::Tensor*> args = in;
  ir::Tensor rows;  // Select's vector condition as [n, 1, ..., 1]
  const ir::Shape& x = in[1]->shape();
  if (node.op() == "Select" && in[0]->shape().size() == 1 && x.size() > 1) {
    ir::Shape shape(x.size(), 1);
    shape[0] = x[0];
    rows = in[0]->Reshaped(shape);
    args[0] = &rows;
  }
  return EvalBroadcast(node, args, out, 1, kAllTypes, [](auto zero, auto& a, ir::Tensor& r) {
    using T = decltype(zero);
    for (int64_t i = 0; i < r.num_elements(); ++i)
      r.data<T>()[i] = ew::Select(a[0].template data<bool>()[i], a[1].template data<T>()[i],
                                  a[2].template data<T>()[i]);
  });
}

// ---- AddN / AccumulateNV2: the sum of N same-shaped tensors ----
absl::Status InferAddN(ir::Node& node) {
  if (node.num_inputs() < 1) return node.Error("expects at least one input");
  if (auto s = ExpectSameDType(node, 0, node.num_inputs()); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto shape = BroadcastInputs(node, 0);
  if (!shape.ok()) return shape.status();
  node.SetOutput(0, node.input_value(0).dtype, *shape);
  return absl::OkStatus();
}

absl::Status EvalAddN(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  return EvalBroadcast(node, in, out, 0, kNumericTypes, [](auto zero, auto& a, ir::Tensor& r) {
    using T = decltype(zero);
    for (int64_t i = 0; i < r.num_elements(); ++i) {
      T sum = a[0].template data<T>()[i];
      for (size_t k = 1; k < a.size(); ++k) sum = ew::Add(sum, a[k].template data<T>()[i]);
      r.data<T>()[i] = sum;
    }
  });
}

std::string ExprAddN(const ir::FusedStep&, const std::vector<std::string>& a) {
  std::string sum = a[0];
  for (size_t k = 1; k < a.size(); ++k) sum = CallExpr("ew::Add", {sum, a[k]});
  return sum;
}

std::string ExprClipByValue(const ir::FusedStep&, const std::vector<std::string>& a) {
  return CallExpr("ew::ClipByValue", a);
}

std::string ExprSelect(const ir::FusedStep&, const std::vector<std::string>& a) {
  return CallExpr("ew::Select", a);
}

}  // namespace

#define TFAOT_NARY_OP(name, infer, eval, expr)                                                \
  extern const OpDef kOp##name = {#name,   OpClass::kElementwise, &infer, &eval,             \
                                  nullptr, &expr,                 "runtime/elementwise.h"};
TFAOT_NARY_OP(LeakyRelu, InferLeakyRelu, EvalLeakyRelu, ExprLeakyRelu)
TFAOT_NARY_OP(ClipByValue, InferClipByValue, EvalClipByValue, ExprClipByValue)
TFAOT_NARY_OP(Select, InferSelect, EvalSelect, ExprSelect)
TFAOT_NARY_OP(SelectV2, InferSelect, EvalSelect, ExprSelect)
TFAOT_NARY_OP(AddN, InferAddN, EvalAddN, ExprAddN)
TFAOT_NARY_OP(AccumulateNV2, InferAddN, EvalAddN, ExprAddN)
#undef TFAOT_NARY_OP

}  // namespace tfaot::ops
