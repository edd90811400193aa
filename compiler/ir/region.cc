#include "compiler/ir/region.h"

#include <map>

namespace tfaot::ir {

int NumCarried(const Node& while_node) {
  return static_cast<int>(while_node.GetIntOr("carried", 0));
}

int FirstArgOperand(const Node& node) { return node.op() == kIfOp ? 1 : 0; }

absl::Status ForEachGraph(Graph& graph, const std::function<absl::Status(Graph&)>& fn) {
  if (auto s = fn(graph); !s.ok()) return s;
  for (const auto& node : graph.nodes())
    for (int r = 0; r < node->num_regions(); ++r)
      if (auto s = ForEachGraph(node->region(r), fn); !s.ok()) return s;
  return absl::OkStatus();
}

void ForEachGraph(const Graph& graph, const std::function<void(const Graph&)>& fn) {
  fn(graph);
  for (const auto& node : graph.nodes())
    for (int r = 0; r < node->num_regions(); ++r) ForEachGraph(node->region(r), fn);
}

Node* AddArg(Graph& region, const std::string& name) {
  Node* arg = region.AddNode(region.UniqueName(name), kArgOp);
  arg->outputs().resize(1);
  region.feeds().push_back(Feed{arg->name(), arg->name(), arg});
  return arg;
}

namespace {

void CopyInto(const Graph& from, Graph& to) {
  std::map<const Node*, Node*> copy;
  for (const auto& node : from.nodes()) {
    Node* n = to.AddNode(node->name(), node->op());
    n->attrs() = node->attrs();
    n->outputs() = node->outputs();
    n->fused_steps() = node->fused_steps();
    for (int r = 0; r < node->num_regions(); ++r)
      n->AddRegion(node->region(r).label(), CloneGraph(node->region(r)));
    copy[node.get()] = n;
  }
  for (const auto& node : from.nodes())
    for (const ValueRef& in : node->inputs())
      copy.at(node.get())->inputs().push_back({copy.at(in.node), in.index});
  for (const Feed& f : from.feeds()) to.feeds().push_back({f.name, f.tensor_name, copy.at(f.node)});
  for (const Fetch& f : from.fetches())
    to.fetches().push_back({f.name, f.tensor_name, {copy.at(f.value.node), f.value.index}});
  to.set_memory_plan(from.arena_bytes(), from.live_bytes_lower_bound());
}

}  // namespace

std::unique_ptr<Graph> CloneGraph(const Graph& graph) {
  auto clone = std::make_unique<Graph>();
  CopyInto(graph, *clone);
  return clone;
}

void InlineRegion(Graph& graph, Node& node, int r) {
  const Graph& region = node.region(r);
  std::map<const Node*, ValueRef> arg;
  for (size_t i = 0; i < region.feeds().size(); ++i)
    arg[region.feeds()[i].node] = node.inputs()[FirstArgOperand(node) + i];
  std::map<const Node*, Node*> copy;
  auto map_value = [&](const ValueRef& v) -> ValueRef {
    auto a = arg.find(v.node);
    return a != arg.end() ? a->second : ValueRef{copy.at(v.node), v.index};
  };
  for (const auto& n : region.nodes()) {
    if (n->op() == kArgOp) continue;
    Node* c = graph.InsertNodeBefore(&node, graph.UniqueName(n->name()), n->op());
    c->attrs() = n->attrs();
    c->outputs() = n->outputs();
    c->fused_steps() = n->fused_steps();
    for (int k = 0; k < n->num_regions(); ++k)
      c->AddRegion(n->region(k).label(), CloneGraph(n->region(k)));
    for (const ValueRef& in : n->inputs()) c->inputs().push_back(map_value(in));
    copy[n.get()] = c;
  }
  for (int i = 0; i < node.num_outputs(); ++i)
    graph.ReplaceAllUses({&node, i}, map_value(region.fetches()[i].value));
}

}  // namespace tfaot::ir
