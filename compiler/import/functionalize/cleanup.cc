// Functionalize, cleanup: the regions as extracted carry what TensorFlow's
// dataflow form needed and a structured loop does not. Block arguments no
// region reads lose their operand; loop values the body hands back unchanged
// become invariants (the loop's result is then the initial value); loop
// values nothing needs (no reader of the result, no effect on the condition
// or on a needed value) are dropped with their computation.
#include <algorithm>
#include <set>

#include "compiler/import/functionalize/functionalize_internal.h"
#include "compiler/ir/region.h"

namespace tfaot::functionalize {
namespace {

std::set<const ir::Node*> ReadNodes(const ir::Graph& region) {
  std::set<const ir::Node*> read;
  for (const auto& n : region.nodes())
    for (const ir::ValueRef& in : n->inputs()) read.insert(in.node);
  for (const ir::Fetch& y : region.fetches()) read.insert(y.value.node);
  return read;
}

// Removes block argument i of every region and operand i of `node`.
void EraseArg(ir::Node& node, int i) {
  node.inputs().erase(node.inputs().begin() + ir::FirstArgOperand(node) + i);
  for (int r = 0; r < node.num_regions(); ++r) {
    auto& feeds = node.region(r).feeds();
    feeds.erase(feeds.begin() + i);
  }
}

// Output i of `loop` is gone: later outputs move down by one.
void EraseOutput(ir::Graph& graph, ir::Node& loop, int i) {
  for (int k = i + 1; k < loop.num_outputs(); ++k)
    graph.ReplaceAllUses({&loop, k}, {&loop, k - 1});
  loop.outputs().erase(loop.outputs().begin() + i);
  loop.region(ir::kBodyRegion).fetches().erase(loop.region(ir::kBodyRegion).fetches().begin() + i);
  loop.attrs()["carried"] = static_cast<int64_t>(ir::NumCarried(loop) - 1);
}

bool YieldsItsArgument(const ir::Node& loop, int i) {
  const ir::Graph& body = loop.region(ir::kBodyRegion);
  ir::ValueRef y = body.fetches()[i].value;
  while (y.node->op() == "Identity" && y.node->num_inputs() == 1) y = y.node->inputs()[0];
  return y.node == body.feeds()[i].node;
}

// The carried values the loop cannot do without: those read after it, and
// those the condition or a needed value's update reads.
std::set<int> NeededCarried(const ir::Graph& graph, const ir::Node& loop) {
  const int carried = ir::NumCarried(loop);
  std::set<int> needed;
  for (const auto& n : graph.nodes())
    for (const ir::ValueRef& in : n->inputs())
      if (in.node == &loop) needed.insert(in.index);
  for (const ir::Fetch& f : graph.fetches())
    if (f.value.node == &loop) needed.insert(f.value.index);
  auto args_behind = [&](const ir::Graph& region, std::vector<ir::ValueRef> roots) {
    std::set<const ir::Node*> seen;
    std::set<int> args;
    while (!roots.empty()) {
      const ir::Node* n = roots.back().node;
      roots.pop_back();
      if (!seen.insert(n).second) continue;
      for (int i = 0; i < carried; ++i)
        if (region.feeds()[i].node == n) args.insert(i);
      for (const ir::ValueRef& in : n->inputs()) roots.push_back(in);
    }
    return args;
  };
  const ir::Graph& cond = loop.region(ir::kCondRegion);
  for (int i : args_behind(cond, {cond.fetches()[0].value})) needed.insert(i);
  const ir::Graph& body = loop.region(ir::kBodyRegion);
  for (size_t before = 0; before != needed.size();) {
    before = needed.size();
    std::vector<ir::ValueRef> roots;
    for (int i : needed) roots.push_back(body.fetches()[i].value);
    for (int i : args_behind(body, roots)) needed.insert(i);
  }
  return needed;
}

void SimplifyLoop(ir::Graph& graph, ir::Node& loop) {
  for (int i = ir::NumCarried(loop) - 1; i >= 0; --i) {
    if (!YieldsItsArgument(loop, i)) continue;
    // Unchanged by the body: the result is the initial value, and the
    // argument moves to the invariants (after the carried values).
    graph.ReplaceAllUses({&loop, i}, loop.inputs()[i]);
    EraseOutput(graph, loop, i);
    std::rotate(loop.inputs().begin() + i, loop.inputs().begin() + i + 1, loop.inputs().end());
    for (int r = 0; r < loop.num_regions(); ++r) {
      auto& feeds = loop.region(r).feeds();
      std::rotate(feeds.begin() + i, feeds.begin() + i + 1, feeds.end());
    }
  }
  std::set<int> needed = NeededCarried(graph, loop);
  for (int i = ir::NumCarried(loop) - 1; i >= 0; --i) {
    if (needed.count(i)) continue;
    EraseOutput(graph, loop, i);
    EraseArg(loop, i);
  }
}

void DropUnusedArgs(ir::Node& node) {
  for (int r = 0; r < node.num_regions(); ++r) node.region(r).RemoveDeadNodes();
  const int keep = node.op() == ir::kWhileOp ? ir::NumCarried(node) : 0;
  std::vector<std::set<const ir::Node*>> read;
  for (int r = 0; r < node.num_regions(); ++r) read.push_back(ReadNodes(node.region(r)));
  for (int i = static_cast<int>(node.region(0).feeds().size()) - 1; i >= keep; --i) {
    bool used = false;
    for (int r = 0; r < node.num_regions(); ++r)
      used |= read[r].count(node.region(r).feeds()[i].node) > 0;
    if (!used) EraseArg(node, i);
  }
  for (int r = 0; r < node.num_regions(); ++r) node.region(r).RemoveDeadNodes();
}

}  // namespace

void CleanUpRegions(ir::Graph& graph) {
  for (const auto& node : graph.nodes())
    for (int r = 0; r < node->num_regions(); ++r) CleanUpRegions(node->region(r));
  for (const auto& node : graph.nodes()) {
    if (node->num_regions() == 0) continue;
    if (node->op() == ir::kWhileOp) SimplifyLoop(graph, *node);
    DropUnusedArgs(*node);
  }
  graph.RemoveDeadNodes();
}

}  // namespace tfaot::functionalize
