#include "compiler/passes/prune.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/region.h"

namespace tfaot::passes {

const std::set<std::string>& PassThroughOps() {
  // Ops that, for inference, return their inputs unchanged. A fed
  // PlaceholderWithDefault was already turned into a Placeholder by import.
  static const std::set<std::string> ops = {
      "Identity", "IdentityN", "StopGradient", "PreventGradient", "Snapshot",
      "PlaceholderWithDefault", "EnsureShape", "CheckNumerics"};
  return ops;
}

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status PruneOneGraph(ir::Graph& graph) {
  // Each pass-through output forwards to its input; every use is rewritten
  // once to the end of its forwarding chain (one pass over the graph, not one
  // per pass-through node: graphs with long Identity chains stay linear).
  using Key = std::pair<const ir::Node*, int>;
  std::map<Key, ir::ValueRef> forward;
  for (const auto& node : graph.nodes()) {
    if (!PassThroughOps().count(node->op())) continue;
    for (int i = 0; i < node->num_outputs() && i < node->num_inputs(); ++i)
      forward[{node.get(), i}] = node->inputs()[i];
  }
  auto resolve = [&](ir::ValueRef v) {
    std::vector<Key> path;
    for (auto it = forward.find({v.node, v.index}); it != forward.end();
         it = forward.find({v.node, v.index})) {
      if (path.size() > forward.size()) return v;  // a cycle: TopologicalSort reports it
      path.push_back(it->first);
      v = it->second;
    }
    for (const Key& k : path) forward[k] = v;  // later lookups take one step
    return v;
  };
  for (const auto& node : graph.nodes())
    for (ir::ValueRef& in : node->inputs()) in = resolve(in);
  for (ir::Fetch& fetch : graph.fetches()) fetch.value = resolve(fetch.value);
  graph.RemoveDeadNodes();
  return graph.TopologicalSort();
}

absl::Status Prune(ir::Graph& graph) { return ir::ForEachGraph(graph, PruneOneGraph); }

}  // namespace tfaot::passes
