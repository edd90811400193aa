#include "compiler/passes/pass_util.h"

namespace tfaot::passes {

ir::Node* InsertConst(ir::Graph& graph, const ir::Node* before, const std::string& name,
                      ir::Tensor value) {
  ir::Node* node = graph.InsertNodeBefore(before, graph.UniqueName(name), "Const");
  node->attrs()["dtype"] = value.dtype();
  node->SetOutput(0, value.dtype(), value.shape());
  node->output(0).constant = std::make_shared<ir::Tensor>(value);
  node->attrs()["value"] = std::move(value);
  return node;
}

std::map<std::pair<const ir::Node*, int>, int> CountUses(const ir::Graph& graph) {
  std::map<std::pair<const ir::Node*, int>, int> uses;
  for (const auto& node : graph.nodes())
    for (const ir::ValueRef& in : node->inputs()) ++uses[{in.node, in.index}];
  for (const ir::Fetch& f : graph.fetches()) ++uses[{f.value.node, f.value.index}];
  return uses;
}

}  // namespace tfaot::passes
