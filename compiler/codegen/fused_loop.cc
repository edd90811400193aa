#include "compiler/codegen/fused_loop.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/thread_pool.h"

namespace tfaot::codegen {
namespace {

// Output dimensions after dropping size-1 dims and merging neighbours that
// every leaf walks the same way, with each leaf's stride per merged dim.
struct LoopNest {
  std::vector<int64_t> sizes;
  std::vector<std::vector<int64_t>> leaf_strides;  // [leaf][dim]
};

LoopNest Collapse(const ir::Shape& shape, const std::vector<FusedLeaf>& leaves) {
  std::vector<std::vector<int64_t>> strides;
  for (const FusedLeaf& leaf : leaves) strides.push_back(ops::BroadcastStrides(leaf.shape, shape));
  LoopNest nest;
  nest.leaf_strides.resize(leaves.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = !nest.sizes.empty();
    for (size_t l = 0; l < leaves.size() && merge; ++l) {
      int64_t outer = nest.leaf_strides[l].back();
      int64_t inner = strides[l][d];
      merge = (outer == 0 && inner == 0) || (inner != 0 && outer == inner * shape[d]);
    }
    if (merge) {
      nest.sizes.back() *= shape[d];
      for (size_t l = 0; l < leaves.size(); ++l) nest.leaf_strides[l].back() = strides[l][d];
    } else {
      nest.sizes.push_back(shape[d]);
      for (size_t l = 0; l < leaves.size(); ++l) nest.leaf_strides[l].push_back(strides[l][d]);
    }
  }
  return nest;
}

std::string IndexExpr(const std::vector<int64_t>& strides) {
  std::vector<std::string> terms;
  for (size_t d = 0; d < strides.size(); ++d) {
    if (strides[d] == 0) continue;
    terms.push_back(strides[d] == 1 ? absl::StrCat("i", d) : absl::StrCat("i", d, " * ", strides[d]));
  }
  return terms.empty() ? "0" : absl::StrJoin(terms, " + ");
}

}  // namespace

absl::Status EmitFusedLoop(const ir::Node& node, const std::vector<FusedLeaf>& leaves,
                           const std::string& output, std::set<std::string>& identifiers,
                           CodeWriter& out, const std::string& pool) {
  const ir::Shape& shape = node.output(0).shape;
  std::vector<std::string> names;
  for (const ir::FusedStep& step : node.fused_steps()) names.push_back(step.node_name);
  out.Line("// fused: " + absl::StrJoin(names, ", "));
  if (ir::NumElements(shape) == 0) return absl::OkStatus();

  LoopNest nest = Collapse(shape, leaves);
  std::vector<int64_t> out_strides(nest.sizes.size(), 1);
  for (int d = static_cast<int>(nest.sizes.size()) - 2; d >= 0; --d)
    out_strides[d] = out_strides[d + 1] * nest.sizes[d + 1];
  // Large loops: ranges of the outermost dimension on the pool.
  const int64_t work = ir::NumElements(shape) * static_cast<int64_t>(node.fused_steps().size()) *
                       kFusedLoopCostPerStep;
  const bool split = !pool.empty() && !nest.sizes.empty() && nest.sizes[0] > 1 &&
                     work >= rt::kParallelMinWork;
  if (split)
    out.Open(absl::StrCat("::tfaot::rt::ParallelRanges(", pool, ", ", nest.sizes[0],
                          ", ::tfaot::rt::ParallelTaskCount(", pool, ", ", work, ", ",
                          nest.sizes[0], "), [&](int64_t task_begin, int64_t task_end) {"));
  for (size_t d = 0; d < nest.sizes.size(); ++d) {
    if (split && d == 0)
      out.Open("for (int64_t i0 = task_begin; i0 < task_end; ++i0) {");
    else
      out.Open(absl::StrCat("for (int64_t i", d, " = 0; i", d, " < ", nest.sizes[d], "; ++i", d,
                            ") {"));
  }
  std::vector<std::string> leaf_values;
  for (size_t l = 0; l < leaves.size(); ++l) {
    leaf_values.push_back(leaves[l].is_literal
                              ? leaves[l].expr
                              : absl::StrCat(leaves[l].expr, "[", IndexExpr(nest.leaf_strides[l]), "]"));
  }
  // Each step is a local named after its node, never shadowing a buffer.
  std::vector<std::string> step_values;
  const auto& steps = node.fused_steps();
  for (size_t s = 0; s < steps.size(); ++s) {
    const ir::FusedStep& step = steps[s];
    std::vector<std::string> args;
    for (int operand : step.operands)
      args.push_back(operand >= 0 ? leaf_values[operand] : step_values[~operand]);
    const ops::OpDef* op = ops::FindOp(step.op);
    if (!op || !op->expr)
      return absl::InternalError("fused step " + step.op + " has no expression");
    std::string expr = op->expr(step, args);
    if (s + 1 == steps.size()) {
      out.Line(absl::StrCat(output, "[", IndexExpr(out_strides), "] = ", expr, ";"));
    } else {
      std::string local = SanitizeIdentifier(step.node_name);
      while (!identifiers.insert(local).second) local += "_";
      out.Line(absl::StrCat("const ", ir::DTypeCppName(step.dtype), " ", local, " = ", expr, ";"));
      step_values.push_back(local);
    }
  }
  for (size_t d = 0; d < nest.sizes.size(); ++d) out.Close();
  if (split) out.Close("});");
  return absl::OkStatus();
}

}  // namespace tfaot::codegen
