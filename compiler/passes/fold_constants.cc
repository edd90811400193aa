#include "compiler/passes/fold_constants.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"

namespace tfaot::passes {
namespace {

void MakeConst(ir::Node& node, std::shared_ptr<const ir::Tensor> value) {
  node.set_op("Const");
  node.inputs().clear();
  node.attrs().clear();
  node.ClearRegions();
  node.attrs()["dtype"] = value->dtype();
  node.attrs()["value"] = *value;
  node.outputs().resize(1);
  node.SetOutput(0, value->dtype(), value->shape());
  node.output(0).constant = std::move(value);
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status FoldConstantsOneGraph(ir::Graph& graph) {
  std::vector<ir::Node*> folded;
  for (const auto& node : graph.nodes()) {
    // A block argument keeps its place in the region's argument list even
    // when it is known (a constant loop invariant): readers see its value.
    if (node->op() == "Const" || node->op() == "Placeholder" || node->op() == ir::kArgOp ||
        node->num_outputs() == 0)
      continue;
    bool all_constant = true;
    for (const ir::Value& v : node->outputs()) all_constant &= v.constant != nullptr;
    if (all_constant) folded.push_back(node.get());
  }
  // An If whose predicate is known is the branch it takes.
  std::vector<ir::Node*> decided;
  for (const auto& node : graph.nodes())
    if (node->op() == ir::kIfOp && node->input_constant(0)) decided.push_back(node.get());
  for (ir::Node* node : decided)
    ir::InlineRegion(graph, *node,
                     node->input_constant(0)->AsDouble(0) != 0 ? ir::kThenRegion : ir::kElseRegion);
  for (ir::Node* node : folded) {
    if (std::find(decided.begin(), decided.end(), node) != decided.end()) continue;
    if (node->num_outputs() == 1) {
      MakeConst(*node, node->output(0).constant);
      continue;
    }
    for (int i = 0; i < node->num_outputs(); ++i) {
      ir::Node* c = graph.InsertNodeBefore(node, graph.UniqueName(absl::StrCat(node->name(), "_", i)),
                                           "Const");
      MakeConst(*c, node->output(i).constant);
      graph.ReplaceAllUses({node, i}, {c, 0});
    }
  }
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

absl::Status FoldConstants(ir::Graph& graph) { return ir::ForEachGraph(graph, FoldConstantsOneGraph); }

}  // namespace tfaot::passes
