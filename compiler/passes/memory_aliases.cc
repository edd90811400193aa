#include "compiler/passes/memory_aliases.h"

#include <set>
#include <string>

#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

using ValueKey = std::pair<const ir::Node*, int>;

bool ReadsWithoutWriting(const std::string& op) {
  return op == "TensorArrayReadV3" || op == "TensorArrayGatherV3" ||
         op == "TensorArrayConcatV3" || op == "TensorArraySizeV3";
}

bool IsView(const ir::Node& node) {
  const ops::OpDef* op = ops::FindOp(node.op());
  return op && op->op_class == ops::OpClass::kView;
}

// The carried block argument index of `arg` in body `graph`, or -1.
int CarriedIndex(const ir::Graph& graph, const ir::Node* arg) {
  const ir::Node* owner = graph.owner();
  if (!owner || owner->op() != ir::kWhileOp || &owner->region(ir::kBodyRegion) != &graph)
    return -1;
  for (int i = 0; i < ir::NumCarried(*owner); ++i)
    if (graph.feeds()[i].node == arg) return i;
  return -1;
}

}  // namespace

bool MayUpdateInPlace(const ir::Graph& graph, const ir::Node& node, int pos) {
  const ir::ValueRef in = node.inputs()[0];
  if (in.node->output(in.index).constant || in.node->op() == "Placeholder") return false;
  for (int p = pos + 1; p < graph.num_nodes(); ++p) {
    const ir::Node& reader = *graph.nodes()[p];
    if (ReadsWithoutWriting(reader.op())) continue;
    for (const ir::ValueRef& r : reader.inputs())
      if (r == in) return false;
  }
  for (const ir::Fetch& f : graph.fetches())
    if (f.value == in) return false;
  if (in.node->op() != ir::kArgOp) return true;
  // An If operand or a loop invariant is the enclosing graph's; a carried
  // value may change only into the value the body yields for it.
  const int k = CarriedIndex(graph, in.node);
  if (k < 0) return false;
  for (size_t j = 0; j < graph.fetches().size(); ++j)
    if (graph.fetches()[j].value == ir::ValueRef{const_cast<ir::Node*>(&node), 0} &&
        static_cast<int>(j) != k)
      return false;
  return true;
}

std::map<ValueKey, ValueKey> ValuesInCarriedSlots(const ir::Graph& graph) {
  std::map<ValueKey, ValueKey> result;
  const ir::Node* owner = graph.owner();
  if (!owner || owner->op() != ir::kWhileOp || &owner->region(ir::kBodyRegion) != &graph)
    return result;
  std::map<const ir::Node*, int> position;
  for (int p = 0; p < graph.num_nodes(); ++p) position[graph.nodes()[p].get()] = p;
  std::set<ValueKey> yielded_twice, yielded;
  for (const ir::Fetch& y : graph.fetches())
    if (!yielded.insert({y.value.node, y.value.index}).second)
      yielded_twice.insert({y.value.node, y.value.index});
  for (int k = 0; k < ir::NumCarried(*owner); ++k) {
    const ir::ValueRef y = graph.fetches()[k].value;
    const ir::Node* producer = y.node;
    const ops::OpDef* op = ops::FindOp(producer->op());
    if (producer->op() == ir::kArgOp || producer->output(y.index).constant || IsView(*producer) ||
        (op && op->in_place) || yielded_twice.count({y.node, y.index}))
      continue;
    // The argument and every view of it share the loop's buffer.
    std::set<const ir::Node*> old = {graph.feeds()[k].node};
    for (const auto& n : graph.nodes())
      if (IsView(*n) && old.count(n->inputs()[0].node)) old.insert(n.get());
    bool dead = true;
    for (const auto& n : graph.nodes()) {
      for (const ir::ValueRef& in : n->inputs()) {
        if (!old.count(in.node) || old.count(n.get())) continue;
        if (position.at(n.get()) > position.at(producer)) dead = false;
        // The producer itself may read it only as an elementwise loop reads
        // the element it is about to write.
        if (n.get() == producer &&
            (producer->op() != "Fused" || producer->num_outputs() != 1 ||
             in.node->output(in.index).shape != producer->output(0).shape))
          dead = false;
      }
    }
    for (const ir::Fetch& f : graph.fetches())
      if (old.count(f.value.node)) dead = false;  // handed on as it was
    if (dead) result[{y.node, y.index}] = {graph.feeds()[k].node, 0};
  }
  return result;
}

}  // namespace tfaot::passes
