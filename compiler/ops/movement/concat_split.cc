// Joining and splitting along an axis: ConcatV2, Concat, ParallelConcat,
// Pack; Split, SplitV, Unpack. Each input (or output) is one strided copy
// into (out of) its band of the joined tensor.
#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

// Where the pieces are and along which axis of the joined tensor.
struct Layout {
  int first_piece = 0;  // input index of the first piece (join ops)
  int num_pieces = 0;
  int64_t axis = 0;     // axis of the joined tensor
  bool stacked = false; // Pack/Unpack: pieces lack the axis (size 1 each)
};

absl::StatusOr<int64_t> ConstAxis(const ir::Node& node, int input, int64_t rank) {
  auto t = RequireConstantInput(node, input, "axis");
  if (!t.ok()) return t.status();
  if ((*t)->num_elements() != 1) return node.Error("axis must be a scalar");
  return NormalizeAxis(node, (*t)->AsInt64(0), rank);
}

absl::StatusOr<Layout> JoinLayout(const ir::Node& node) {
  Layout l;
  const std::string& op = node.op();
  int n = node.num_inputs();
  if (op == "Pack" || op == "ParallelConcat") {
    l.num_pieces = n;
    if (n < 1) return node.Error("expects at least one input");
    int64_t rank = static_cast<int64_t>(node.input_value(0).shape.size());
    l.stacked = op == "Pack";
    auto axis = NormalizeAxis(node, op == "Pack" ? node.GetIntOr("axis", 0) : 0,
                              l.stacked ? rank + 1 : rank);
    if (!axis.ok()) return axis.status();
    l.axis = *axis;
    return l;
  }
  if (n < 2) return node.Error("expects values and an axis");
  l.num_pieces = n - 1;
  l.first_piece = op == "Concat" ? 1 : 0;
  int64_t rank = static_cast<int64_t>(node.input_value(l.first_piece).shape.size());
  auto axis = ConstAxis(node, op == "Concat" ? 0 : n - 1, rank);
  if (!axis.ok()) return axis.status();
  l.axis = *axis;
  return l;
}

absl::Status InferJoin(ir::Node& node) {
  auto l = JoinLayout(node);
  if (!l.ok()) return l.status();
  if (auto s = ExpectSameDType(node, l->first_piece, l->first_piece + l->num_pieces); !s.ok())
    return s;
  ir::Shape shape = node.input_value(l->first_piece).shape;
  if (l->stacked) shape.insert(shape.begin() + l->axis, 0);
  shape[l->axis] = 0;
  for (int i = 0; i < l->num_pieces; ++i) {
    ir::Shape piece = node.input_value(l->first_piece + i).shape;
    if (l->stacked) piece.insert(piece.begin() + l->axis, 1);
    ir::Shape expect = shape;
    expect[l->axis] = piece.size() == shape.size() ? piece[l->axis] : -1;
    if (piece != expect)
      return node.Error(absl::StrCat("input ", l->first_piece + i, " has shape ",
                                     ir::ShapeToString(node.input_value(l->first_piece + i).shape),
                                     ", which does not match input ", l->first_piece,
                                     " outside axis ", l->axis));
    shape[l->axis] += piece[l->axis];
  }
  node.SetOutput(0, node.input_value(l->first_piece).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanJoin(const ir::Node& node) {
  auto l = JoinLayout(node);
  if (!l.ok()) return l.status();
  std::vector<int64_t> os = ir::RowMajorStrides(node.output(0).shape);
  CopyPlan plan;
  int64_t at = 0;
  for (int i = 0; i < l->num_pieces; ++i) {
    BoxCopy c;
    c.input = l->first_piece + i;
    c.shape = node.input_value(c.input).shape;
    if (l->stacked) c.shape.insert(c.shape.begin() + l->axis, 1);
    c.in_strides = ir::RowMajorStrides(c.shape);
    c.out_strides = os;
    c.out_offset = at * os[l->axis];
    at += c.shape[l->axis];
    plan.copies.push_back(c);
  }
  return plan;
}

// ---- Split, SplitV, Unpack: output k's extent along the axis ----
struct SplitLayout {
  int value = 0;  // the input being split
  int64_t axis = 0;
  bool stacked = false;
  std::vector<int64_t> sizes;
};

absl::StatusOr<SplitLayout> GetSplitLayout(const ir::Node& node) {
  SplitLayout l;
  const std::string& op = node.op();
  if (auto s = ExpectInputs(node, op == "Unpack" ? 1 : op == "Split" ? 2 : 3); !s.ok()) return s;
  l.value = op == "Split" ? 1 : 0;
  const ir::Shape& in = node.input_value(l.value).shape;
  int64_t rank = static_cast<int64_t>(in.size());
  auto axis = op == "Unpack"  ? NormalizeAxis(node, node.GetIntOr("axis", 0), rank)
              : op == "Split" ? ConstAxis(node, 0, rank)
                              : ConstAxis(node, 2, rank);
  if (!axis.ok()) return axis.status();
  l.axis = *axis;
  const int64_t extent = in[l.axis];
  if (op == "Unpack") {
    l.stacked = true;
    int64_t num = node.GetIntOr("num", extent);
    if (num != extent)
      return node.Error(absl::StrCat("num is ", num, " but dimension ", l.axis, " has size ",
                                     extent));
    l.sizes.assign(extent, 1);
  } else if (op == "Split") {
    auto num = node.GetInt("num_split");
    if (!num.ok()) return num.status();
    if (*num <= 0 || extent % *num != 0)
      return node.Error(absl::StrCat("cannot split dimension ", l.axis, " of size ", extent,
                                     " into ", *num, " equal parts"));
    l.sizes.assign(*num, extent / *num);
  } else {
    auto t = RequireConstantInput(node, 1, "size_splits");
    if (!t.ok()) return t.status();
    l.sizes = (*t)->ToInt64Vector();
    int64_t known = 0, unknown = -1;
    for (size_t i = 0; i < l.sizes.size(); ++i) {
      if (l.sizes[i] == -1 && unknown < 0) {
        unknown = static_cast<int64_t>(i);
      } else if (l.sizes[i] < 0) {
        return node.Error("size_splits may hold one -1 and otherwise sizes >= 0");
      } else {
        known += l.sizes[i];
      }
    }
    if (unknown >= 0 && known <= extent) l.sizes[unknown] = extent - known;
    else if (unknown < 0 && known != extent)
      return node.Error(absl::StrCat("size_splits add up to ", known, ", not ", extent));
    else if (unknown >= 0) return node.Error("size_splits exceed the dimension");
  }
  return l;
}

absl::Status InferSplit(ir::Node& node) {
  auto l = GetSplitLayout(node);
  if (!l.ok()) return l.status();
  for (size_t k = 0; k < l->sizes.size(); ++k) {
    ir::Shape shape = node.input_value(l->value).shape;
    if (l->stacked) shape.erase(shape.begin() + l->axis);
    else shape[l->axis] = l->sizes[k];
    node.SetOutput(static_cast<int>(k), node.input_value(l->value).dtype, shape);
  }
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanSplit(const ir::Node& node) {
  auto l = GetSplitLayout(node);
  if (!l.ok()) return l.status();
  std::vector<int64_t> is = ir::RowMajorStrides(node.input_value(l->value).shape);
  CopyPlan plan;
  int64_t at = 0;
  for (size_t k = 0; k < l->sizes.size(); ++k) {
    BoxCopy c;
    c.input = l->value;
    c.output = static_cast<int>(k);
    c.shape = node.input_value(l->value).shape;
    c.shape[l->axis] = l->sizes[k];
    c.in_strides = is;
    c.in_offset = at * is[l->axis];
    c.out_strides = ir::RowMajorStrides(c.shape);
    at += l->sizes[k];
    plan.copies.push_back(c);
  }
  return plan;
}

// Output k is contiguous in the input when every axis before the split
// axis has size 1.
bool SplitSliceView(const ir::Node& node, int output, int* input, int64_t* offset) {
  auto l = GetSplitLayout(node);
  if (!l.ok() || output < 0 || output >= static_cast<int>(l->sizes.size())) return false;
  const ir::Shape& in = node.input_value(l->value).shape;
  for (int64_t d = 0; d < l->axis; ++d)
    if (in[d] != 1) return false;
  int64_t at = 0;
  for (int k = 0; k < output; ++k) at += l->sizes[k];
  *input = l->value;
  *offset = at * ir::RowMajorStrides(in)[l->axis];
  return true;
}

}  // namespace

#define TFAOT_SPLIT_OP(name)                                                             \
  extern const OpDef kOp##name = {#name,                                                 \
                                  OpClass::kKernel,                                      \
                                  &InferSplit,                                           \
                                  &EvalCopyPlan<&PlanSplit>,                             \
                                  &EmitCopyPlan<&PlanSplit>,                             \
                                  nullptr,                                               \
                                  "runtime/strided_copy.h",                              \
                                  nullptr,                                               \
                                  false,                                                 \
                                  &SplitSliceView};

TFAOT_COPY_OP(ConcatV2, InferJoin, PlanJoin)
TFAOT_COPY_OP(Concat, InferJoin, PlanJoin)
TFAOT_COPY_OP(ParallelConcat, InferJoin, PlanJoin)
TFAOT_COPY_OP(Pack, InferJoin, PlanJoin)
TFAOT_SPLIT_OP(Split)
TFAOT_SPLIT_OP(SplitV)
TFAOT_SPLIT_OP(Unpack)

}  // namespace tfaot::ops
