// Pad, PadV2 (constant_values) and MirrorPad (REFLECT / SYMMETRIC), with
// constant `paddings` [rank, 2]. The input lands in the interior by one
// strided copy; Pad fills the rest first, MirrorPad then mirrors one
// dimension at a time by copies from the output onto itself (negative
// stride), so the corners come out right.
#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

enum class Mode { kConstant, kReflect, kSymmetric };

absl::StatusOr<Mode> GetMode(const ir::Node& node) {
  if (node.op() != "MirrorPad") return Mode::kConstant;
  std::string mode = node.GetStringOr("mode", "");
  if (mode == "REFLECT") return Mode::kReflect;
  if (mode == "SYMMETRIC") return Mode::kSymmetric;
  return node.Error("mode must be REFLECT or SYMMETRIC, not '" + mode + "'");
}

// paddings as (before, after) per dimension, checked against the input.
absl::StatusOr<std::vector<std::pair<int64_t, int64_t>>> Paddings(const ir::Node& node) {
  auto t = RequireConstantInput(node, 1, "paddings");
  if (!t.ok()) return t.status();
  const ir::Shape& in = node.input_value(0).shape;
  if ((*t)->shape() != ir::Shape{static_cast<int64_t>(in.size()), 2})
    return node.Error(absl::StrCat("paddings must have shape [", in.size(), ",2], not ",
                                   ir::ShapeToString((*t)->shape())));
  auto mode = GetMode(node);
  if (!mode.ok()) return mode.status();
  std::vector<int64_t> v = (*t)->ToInt64Vector();
  std::vector<std::pair<int64_t, int64_t>> pads;
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t before = v[2 * d], after = v[2 * d + 1];
    if (before < 0 || after < 0) return node.Error("paddings must not be negative");
    int64_t limit = *mode == Mode::kReflect ? in[d] - 1 : in[d];
    if (*mode != Mode::kConstant && (before > limit || after > limit))
      return node.Error(absl::StrCat("paddings of dimension ", d, " (", before, ", ", after,
                                     ") exceed ", limit, " for size ", in[d],
                                     " in this mode"));
    pads.push_back({before, after});
  }
  return pads;
}

absl::Status InferPad(ir::Node& node) {
  bool v2 = node.op() == "PadV2";
  if (auto s = ExpectInputs(node, v2 ? 3 : 2); !s.ok()) return s;
  if (v2 && !node.input_value(2).shape.empty() && ir::NumElements(node.input_value(2).shape) != 1)
    return node.Error("constant_values must be a scalar");
  if (v2) {
    if (node.input_value(2).dtype != node.input_value(0).dtype)
      return node.Error("constant_values must have the input's dtype");
  }
  auto pads = Paddings(node);
  if (!pads.ok()) return pads.status();
  ir::Shape shape = node.input_value(0).shape;
  for (size_t d = 0; d < shape.size(); ++d) shape[d] += (*pads)[d].first + (*pads)[d].second;
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanPad(const ir::Node& node) {
  auto pads = Paddings(node);
  if (!pads.ok()) return pads.status();
  auto mode = GetMode(node);
  if (!mode.ok()) return mode.status();
  const ir::Shape& in = node.input_value(0).shape;
  const ir::Shape& out = node.output(0).shape;
  const size_t rank = in.size();
  std::vector<int64_t> os = ir::RowMajorStrides(out);
  CopyPlan plan;
  bool padded = ir::NumElements(out) != ir::NumElements(in);
  if (*mode == Mode::kConstant && padded) {
    plan.fill = node.op() == "PadV2" ? CopyPlan::Fill::kInput : CopyPlan::Fill::kZero;
    plan.fill_input = 2;
  }
  BoxCopy interior;
  interior.shape = in;
  interior.in_strides = ir::RowMajorStrides(in);
  interior.out_strides = os;
  for (size_t d = 0; d < rank; ++d) interior.out_offset += (*pads)[d].first * os[d];
  plan.copies.push_back(interior);
  if (*mode == Mode::kConstant) return plan;
  const int64_t shift = *mode == Mode::kReflect ? 1 : 0;
  for (size_t d = 0; d < rank; ++d) {
    auto [before, after] = (*pads)[d];
    // Dimensions before d are complete; those after it hold only the interior.
    BoxCopy base;
    base.input = BoxCopy::kFromOutput;
    base.in_strides = os;
    base.out_strides = os;
    base.in_strides[d] = -os[d];
    int64_t offset = 0;
    for (size_t e = 0; e < rank; ++e) {
      base.shape.push_back(e < d ? out[e] : in[e]);
      if (e > d) offset += (*pads)[e].first * os[e];
    }
    if (before > 0) {
      BoxCopy c = base;
      c.shape[d] = before;
      c.out_offset = offset;
      c.in_offset = offset + (2 * before - 1 + shift) * os[d];
      plan.copies.push_back(c);
    }
    if (after > 0) {
      BoxCopy c = base;
      c.shape[d] = after;
      int64_t first = before + in[d];
      c.out_offset = offset + first * os[d];
      c.in_offset = offset + (first - 1 - shift) * os[d];
      plan.copies.push_back(c);
    }
  }
  return plan;
}

}  // namespace

extern const OpDef kOpPad = {"Pad",
                             OpClass::kKernel,
                             &InferPad,
                             &EvalCopyPlan<&PlanPad>,
                             &EmitCopyPlan<&PlanPad>,
                             nullptr,
                             "runtime/strided_copy.h"};
extern const OpDef kOpPadV2 = {"PadV2",
                               OpClass::kKernel,
                               &InferPad,
                               &EvalCopyPlan<&PlanPad>,
                               &EmitCopyPlan<&PlanPad>,
                               nullptr,
                               "runtime/strided_copy.h"};
extern const OpDef kOpMirrorPad = {"MirrorPad",
                                   OpClass::kKernel,
                                   &InferPad,
                                   &EvalCopyPlan<&PlanPad>,
                                   &EmitCopyPlan<&PlanPad>,
                                   nullptr,
                                   "runtime/strided_copy.h"};

}  // namespace tfaot::ops
