#include "compiler/passes/prune.h"

#include <set>
#include <string>

namespace tfaot::passes {

absl::Status Prune(ir::Graph& graph) {
  // Ops that, for inference, return their inputs unchanged. A fed
  // PlaceholderWithDefault was already turned into a Placeholder by import.
  static const std::set<std::string> kPassThrough = {
      "Identity", "IdentityN", "StopGradient", "PreventGradient", "Snapshot",
      "PlaceholderWithDefault", "EnsureShape", "CheckNumerics"};
  for (const auto& node : graph.nodes()) {
    if (!kPassThrough.count(node->op())) continue;
    for (int i = 0; i < node->num_outputs() && i < node->num_inputs(); ++i)
      graph.ReplaceAllUses({node.get(), i}, node->inputs()[i]);
  }
  graph.RemoveDeadNodes();
  return graph.TopologicalSort();
}

}  // namespace tfaot::passes
