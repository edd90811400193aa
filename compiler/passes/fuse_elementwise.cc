#include "compiler/passes/fuse_elementwise.h"

#include <map>
#include <set>

#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

// Steps in one fused loop at most: a loop body of thousands of expressions
// compiles slowly and spills registers, and AddSteps recurses once per step.
constexpr int kMaxFusedSteps = 64;

bool IsElementwise(const ir::Node& node) {
  const ops::OpDef* op = ops::FindOp(node.op());
  return op && op->op_class == ops::OpClass::kElementwise;
}

class Fuser {
 public:
  explicit Fuser(ir::Graph& graph) : graph_(graph) {
    for (const auto& node : graph.nodes())
      for (const ir::ValueRef& in : node->inputs()) ++uses_[{in.node, in.index}];
    for (const ir::Fetch& f : graph.fetches()) uses_[{f.value.node, f.value.index}] += 2;
  }

  void Run() {
    const auto& nodes = graph_.nodes();
    // Consumers come after producers, so walking backwards meets every
    // chain at its root first.
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
      ir::Node* node = it->get();
      if (!IsElementwise(*node) || absorbed_.count(node)) continue;
      if (node->output(0).constant) continue;  // folded already; left to DCE
      FuseInto(*node);
    }
    graph_.RemoveDeadNodes();
  }

 private:
  // Whether `producer` (read by `consumer`) becomes part of consumer's loop:
  // only it reads the value, and fusing does not recompute it per element
  // of a larger broadcast result (scalars are cheap enough to recompute).
  bool CanAbsorb(const ir::ValueRef& producer, const ir::Node& consumer) const {
    const ir::Node& p = *producer.node;
    if (!IsElementwise(p) || p.output(0).constant) return false;
    auto it = uses_.find({producer.node, producer.index});
    if (it == uses_.end() || it->second != 1) return false;
    int64_t n = ir::NumElements(p.output(0).shape);
    return n == ir::NumElements(consumer.output(0).shape) || n == 1;
  }

  // Appends the steps computing `node` and returns its operand code.
  int AddSteps(ir::Node& node, std::vector<ir::FusedStep>& steps,
               std::vector<ir::ValueRef>& leaves) {
    ir::FusedStep step;
    step.op = node.op();
    step.node_name = node.name();
    step.attrs = node.attrs();
    step.dtype = node.output(0).dtype;
    for (const ir::ValueRef& in : node.inputs()) {
      step.operand_dtypes.push_back(in.node->output(in.index).dtype);
      if (budget_ > 0 && CanAbsorb(in, node)) {
        --budget_;
        absorbed_.insert(in.node);
        step.operands.push_back(AddSteps(*in.node, steps, leaves));
        continue;
      }
      int leaf = -1;
      for (size_t i = 0; i < leaves.size(); ++i)
        if (leaves[i] == in) leaf = static_cast<int>(i);
      if (leaf < 0) {
        leaf = static_cast<int>(leaves.size());
        leaves.push_back(in);
      }
      step.operands.push_back(leaf);
    }
    steps.push_back(std::move(step));
    return ~static_cast<int>(steps.size() - 1);
  }

  void FuseInto(ir::Node& root) {
    std::vector<ir::FusedStep> steps;
    std::vector<ir::ValueRef> leaves;
    budget_ = kMaxFusedSteps - 1;
    AddSteps(root, steps, leaves);
    root.set_op("Fused");
    root.attrs().clear();
    root.inputs() = std::move(leaves);
    root.fused_steps() = std::move(steps);
  }

  ir::Graph& graph_;
  std::map<std::pair<const ir::Node*, int>, int> uses_;
  std::set<const ir::Node*> absorbed_;
  int budget_ = 0;  // producers the current loop may still absorb
};

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status FuseElementwiseOneGraph(ir::Graph& graph) {
  Fuser(graph).Run();
  return absl::OkStatus();
}

absl::Status FuseElementwise(ir::Graph& graph) { return ir::ForEachGraph(graph, FuseElementwiseOneGraph); }

}  // namespace tfaot::passes
