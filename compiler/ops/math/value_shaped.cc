// Ops whose output shape depends on input values: Where (one input),
// Unique, UniqueWithCounts, ListDiff. tfaotc has static shapes only, so
// their inputs must be compile-time constants; the shape rule computes the
// whole result (Compute) and the evaluator returns it, so they always fold.
#include <cstring>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

// A value usable as a map key that compares as TensorFlow compares the
// elements (floats by value, so -0 equals 0).
struct Key {
  bool is_float;
  double f;
  int64_t i;
  bool operator<(const Key& o) const { return is_float ? f < o.f : i < o.i; }
};
Key KeyOf(const ir::Tensor& t, int64_t i) {
  return {ir::IsFloating(t.dtype()), t.AsDouble(i), t.AsInt64(i)};
}

ir::Tensor IndexTensor(ir::DType dtype, const std::vector<int64_t>& v, ir::Shape shape) {
  ir::Tensor t(dtype, std::move(shape));
  for (size_t i = 0; i < v.size(); ++i) {
    if (dtype == ir::DType::kInt32) t.data<int32_t>()[i] = static_cast<int32_t>(v[i]);
    else t.data<int64_t>()[i] = v[i];
  }
  return t;
}

// Elements `picks` of 1-D `t`, in that order.
ir::Tensor Pick(const ir::Tensor& t, const std::vector<int64_t>& picks) {
  ir::Tensor out(t.dtype(), {static_cast<int64_t>(picks.size())});
  int64_t elem = ir::DTypeSize(t.dtype());
  for (size_t i = 0; i < picks.size(); ++i)
    std::memcpy(out.raw() + i * elem, t.raw() + picks[i] * elem, elem);
  return out;
}

absl::StatusOr<std::vector<ir::Tensor>> Compute(const ir::Node& node) {
  const std::string& op = node.op();
  std::vector<ir::Tensor> out;
  if (op == "Where") {
    if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
    auto x = RequireConstantInput(node, 0, "input of a Where with one input");
    if (!x.ok()) return x.status();
    const ir::Shape& shape = (*x)->shape();
    std::vector<int64_t> coords;
    std::vector<int64_t> strides = ir::RowMajorStrides(shape);
    int64_t count = 0;
    for (int64_t i = 0; i < (*x)->num_elements(); ++i) {
      if ((*x)->AsDouble(i) == 0) continue;
      ++count;
      for (size_t d = 0; d < shape.size(); ++d) coords.push_back(i / strides[d] % shape[d]);
    }
    out.push_back(IndexTensor(ir::DType::kInt64, coords,
                              {count, static_cast<int64_t>(shape.size())}));
    return out;
  }
  absl::StatusOr<ir::DType> out_idx = ir::DType::kInt32;
  if (node.HasAttr("out_idx")) out_idx = node.GetType("out_idx");
  if (!out_idx.ok()) return out_idx.status();
  if (*out_idx != ir::DType::kInt32 && *out_idx != ir::DType::kInt64)
    return node.Error("out_idx must be int32 or int64");
  if (op == "ListDiff") {
    if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
    if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
    auto x = RequireConstantInput(node, 0, "x");
    if (!x.ok()) return x.status();
    auto y = RequireConstantInput(node, 1, "y");
    if (!y.ok()) return y.status();
    if ((*x)->shape().size() != 1 || (*y)->shape().size() != 1)
      return node.Error("x and y must be 1-D");
    std::map<Key, bool> remove;
    for (int64_t i = 0; i < (*y)->num_elements(); ++i) remove[KeyOf(**y, i)] = true;
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < (*x)->num_elements(); ++i)
      if (!remove.count(KeyOf(**x, i))) keep.push_back(i);
    out.push_back(Pick(**x, keep));
    out.push_back(IndexTensor(*out_idx, keep, {static_cast<int64_t>(keep.size())}));
    return out;
  }
  // Unique, UniqueWithCounts.
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  auto x = RequireConstantInput(node, 0, "x");
  if (!x.ok()) return x.status();
  if ((*x)->shape().size() != 1) return node.Error("x must be 1-D");
  std::map<Key, int64_t> position;
  std::vector<int64_t> firsts, idx, counts;
  for (int64_t i = 0; i < (*x)->num_elements(); ++i) {
    auto [it, added] = position.insert({KeyOf(**x, i), static_cast<int64_t>(firsts.size())});
    if (added) {
      firsts.push_back(i);
      counts.push_back(0);
    }
    idx.push_back(it->second);
    ++counts[it->second];
  }
  out.push_back(Pick(**x, firsts));
  out.push_back(IndexTensor(*out_idx, idx, (*x)->shape()));
  if (op == "UniqueWithCounts")
    out.push_back(IndexTensor(*out_idx, counts, {static_cast<int64_t>(counts.size())}));
  return out;
}

absl::Status InferValueShaped(ir::Node& node) {
  auto out = Compute(node);
  if (!out.ok()) return out.status();
  for (size_t i = 0; i < out->size(); ++i) {
    node.SetOutput(static_cast<int>(i), (*out)[i].dtype(), (*out)[i].shape());
    node.output(static_cast<int>(i)).constant = std::make_shared<ir::Tensor>((*out)[i]);
  }
  return absl::OkStatus();
}

absl::Status EvalValueShaped(const ir::Node& node, const std::vector<const ir::Tensor*>&,
                             std::vector<ir::Tensor>& out) {
  auto result = Compute(node);
  if (!result.ok()) return result.status();
  out = std::move(*result);
  return absl::OkStatus();
}

absl::Status EmitNothing(const ir::Node& node, codegen::KernelContext&) {
  return node.Error("internal: a value-shaped op was not folded");
}

}  // namespace

#define TFAOT_VALUE_SHAPED_OP(name)                                                       \
  extern const OpDef kOp##name = {#name,        OpClass::kKernel, &InferValueShaped,      \
                                  &EvalValueShaped, &EmitNothing, nullptr, nullptr};
TFAOT_VALUE_SHAPED_OP(Where)
TFAOT_VALUE_SHAPED_OP(Unique)
TFAOT_VALUE_SHAPED_OP(UniqueWithCounts)
TFAOT_VALUE_SHAPED_OP(ListDiff)
#undef TFAOT_VALUE_SHAPED_OP

}  // namespace tfaot::ops
