// Ops that rearrange elements without arithmetic: ExpandDims and Squeeze
// (views: the output aliases the input), and Transpose, Slice, Tile and
// ReverseV2, each one strided copy (copy_plan.h) with constant operands.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

absl::StatusOr<std::vector<int64_t>> ConstInts(const ir::Node& node, int input,
                                               const char* what) {
  auto t = RequireConstantInput(node, input, what);
  if (!t.ok()) return t.status();
  return (*t)->ToInt64Vector();
}

absl::Status EvalView(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  out.assign(1, in[0]->Reshaped(node.output(0).shape));
  return absl::OkStatus();
}

absl::Status InferExpandDims(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto dim = ConstInts(node, 1, "dim");
  if (!dim.ok()) return dim.status();
  if (dim->size() != 1) return node.Error("dim must hold exactly one value");
  ir::Shape shape = node.input_value(0).shape;
  int64_t rank = static_cast<int64_t>(shape.size());
  auto axis = NormalizeAxis(node, (*dim)[0], rank + 1);
  if (!axis.ok()) return axis.status();
  shape.insert(shape.begin() + *axis, 1);
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::Status InferSqueeze(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  const ir::Shape& in = node.input_value(0).shape;
  int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> dims = node.GetIntListOr("squeeze_dims", node.GetIntListOr("axis", {}));
  std::vector<bool> drop(in.size(), dims.empty());
  for (int64_t d : dims) {
    auto axis = NormalizeAxis(node, d, rank);
    if (!axis.ok()) return axis.status();
    if (in[*axis] != 1)
      return node.Error(absl::StrCat("cannot squeeze dimension ", d, " of shape ",
                                     ir::ShapeToString(in), ": its size is not 1"));
    drop[*axis] = true;
  }
  ir::Shape shape;
  for (size_t i = 0; i < in.size(); ++i)
    if (!(drop[i] && in[i] == 1)) shape.push_back(in[i]);
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

// ---- Transpose ----
absl::StatusOr<std::vector<int64_t>> Permutation(const ir::Node& node) {
  auto perm = ConstInts(node, 1, "perm");
  if (!perm.ok()) return perm.status();
  size_t rank = node.input_value(0).shape.size();
  std::vector<bool> seen(rank, false);
  if (perm->size() != rank)
    return node.Error(absl::StrCat("perm has ", perm->size(), " entries for a rank-", rank,
                                   " input"));
  for (int64_t& p : *perm) {
    if (p < 0) p += static_cast<int64_t>(rank);
    if (p < 0 || p >= static_cast<int64_t>(rank) || seen[p])
      return node.Error("perm [" + absl::StrJoin(*perm, ",") + "] is not a permutation");
    seen[p] = true;
  }
  return perm;
}

absl::Status InferTranspose(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto perm = Permutation(node);
  if (!perm.ok()) return perm.status();
  ir::Shape shape;
  for (int64_t p : *perm) shape.push_back(node.input_value(0).shape[p]);
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanTranspose(const ir::Node& node) {
  auto perm = Permutation(node);
  if (!perm.ok()) return perm.status();
  std::vector<int64_t> in_strides = ir::RowMajorStrides(node.input_value(0).shape);
  BoxCopy c;
  c.shape = node.output(0).shape;
  c.out_strides = ir::RowMajorStrides(c.shape);
  for (int64_t p : *perm) c.in_strides.push_back(in_strides[p]);
  CopyPlan plan;
  plan.copies.push_back(c);
  return plan;
}

// ---- Slice ----
absl::StatusOr<std::pair<std::vector<int64_t>, ir::Shape>> SliceBox(const ir::Node& node) {
  auto begin = ConstInts(node, 1, "begin");
  if (!begin.ok()) return begin.status();
  auto size = ConstInts(node, 2, "size");
  if (!size.ok()) return size.status();
  const ir::Shape& in = node.input_value(0).shape;
  if (begin->size() != in.size() || size->size() != in.size())
    return node.Error(absl::StrCat("begin and size need ", in.size(), " entries"));
  for (size_t d = 0; d < in.size(); ++d) {
    if ((*size)[d] == -1) (*size)[d] = in[d] - (*begin)[d];
    if ((*begin)[d] < 0 || (*size)[d] < 0 || (*begin)[d] + (*size)[d] > in[d])
      return node.Error(absl::StrCat("slice [", absl::StrJoin(*begin, ","), "] + [",
                                     absl::StrJoin(*size, ","), "] is out of bounds for ",
                                     ir::ShapeToString(in)));
  }
  return std::make_pair(*begin, ir::Shape(*size));
}

absl::Status InferSlice(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  auto box = SliceBox(node);
  if (!box.ok()) return box.status();
  node.SetOutput(0, node.input_value(0).dtype, box->second);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanSlice(const ir::Node& node) {
  auto box = SliceBox(node);
  if (!box.ok()) return box.status();
  CopyPlan plan;
  plan.copies.push_back(DenseBoxCopy(node.input_value(0).shape, box->first,
                                     std::vector<int64_t>(box->second.size(), 1), box->second));
  return plan;
}

// ---- Tile: the output viewed as [m0, d0, m1, d1, ...] reads stride 0 on m ----
absl::Status InferTile(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto mult = ConstInts(node, 1, "multiples");
  if (!mult.ok()) return mult.status();
  const ir::Shape& in = node.input_value(0).shape;
  if (mult->size() != in.size())
    return node.Error(absl::StrCat("multiples has ", mult->size(), " entries for a rank-",
                                   in.size(), " input"));
  ir::Shape shape;
  for (size_t d = 0; d < in.size(); ++d) {
    if ((*mult)[d] < 0) return node.Error("multiples must not be negative");
    shape.push_back(in[d] * (*mult)[d]);
  }
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanTile(const ir::Node& node) {
  const ir::Shape& in = node.input_value(0).shape;
  const ir::Shape& out = node.output(0).shape;
  std::vector<int64_t> in_strides = ir::RowMajorStrides(in);
  BoxCopy c;
  for (size_t d = 0; d < in.size(); ++d) {
    c.shape.push_back(in[d] == 0 ? 0 : out[d] / in[d]);
    c.shape.push_back(in[d]);
    c.in_strides.push_back(0);
    c.in_strides.push_back(in_strides[d]);
  }
  c.out_strides = ir::RowMajorStrides(c.shape);
  CopyPlan plan;
  plan.copies.push_back(c);
  return plan;
}

// ---- ReverseV2: a negative stride on each reversed axis ----
absl::StatusOr<CopyPlan> PlanReverse(const ir::Node& node) {
  auto axes = ConstInts(node, 1, "axis");
  if (!axes.ok()) return axes.status();
  const ir::Shape& in = node.input_value(0).shape;
  std::vector<int64_t> begin(in.size(), 0), step(in.size(), 1);
  for (int64_t a : *axes) {
    auto axis = NormalizeAxis(node, a, static_cast<int64_t>(in.size()));
    if (!axis.ok()) return axis.status();
    if (step[*axis] == -1) return node.Error(absl::StrCat("axis ", a, " is given twice"));
    step[*axis] = -1;
    begin[*axis] = in[*axis] - 1;
  }
  CopyPlan plan;
  plan.copies.push_back(DenseBoxCopy(in, begin, step, in));
  return plan;
}

absl::Status InferReverse(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto p = PlanReverse(node); !p.ok()) return p.status();
  return InferSameAsInput(node);
}

}  // namespace

extern const OpDef kOpExpandDims = {"ExpandDims", OpClass::kView, &InferExpandDims, &EvalView,
                                    nullptr,      nullptr,        nullptr};
extern const OpDef kOpSqueeze = {"Squeeze", OpClass::kView, &InferSqueeze, &EvalView,
                                 nullptr,   nullptr,        nullptr};
extern const OpDef kOpTranspose = {"Transpose",
                                   OpClass::kKernel,
                                   &InferTranspose,
                                   &EvalCopyPlan<&PlanTranspose>,
                                   &EmitCopyPlan<&PlanTranspose>,
                                   nullptr,
                                   "runtime/strided_copy.h"};
extern const OpDef kOpSlice = {"Slice",
                               OpClass::kKernel,
                               &InferSlice,
                               &EvalCopyPlan<&PlanSlice>,
                               &EmitCopyPlan<&PlanSlice>,
                               nullptr,
                               "runtime/strided_copy.h"};
extern const OpDef kOpTile = {"Tile",
                              OpClass::kKernel,
                              &InferTile,
                              &EvalCopyPlan<&PlanTile>,
                              &EmitCopyPlan<&PlanTile>,
                              nullptr,
                              "runtime/strided_copy.h"};
extern const OpDef kOpReverseV2 = {"ReverseV2",
                                   OpClass::kKernel,
                                   &InferReverse,
                                   &EvalCopyPlan<&PlanReverse>,
                                   &EmitCopyPlan<&PlanReverse>,
                                   nullptr,
                                   "runtime/strided_copy.h"};

}  // namespace tfaot::ops
