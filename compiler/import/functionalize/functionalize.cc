#include "compiler/import/functionalize/functionalize.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "compiler/import/functionalize/functionalize_internal.h"
#include "compiler/ir/region.h"

namespace tfaot::functionalize {
namespace {

bool IsDataflowControlOp(const std::string& op) {
  static const std::set<std::string> ops = {"Enter", "Exit", "Merge", "Switch",
                                            "NextIteration", "LoopCond"};
  return ops.count(op) > 0;
}

// Constants carried their control edge as an input only to be placed.
void DropConstInputs(ir::Graph& graph) {
  for (const auto& node : graph.nodes())
    if (node->op() == "Const") node->inputs().clear();
  graph.RemoveDeadNodes();
}

absl::Status CheckNoneLeft(const ir::Graph& graph) {
  absl::Status status;
  ir::ForEachGraph(graph, [&](const ir::Graph& g) {
    for (const auto& node : g.nodes())
      if (status.ok() && IsDataflowControlOp(node->op()))
        status = node->Error("is left over after rebuilding loops and conditionals "
                             "(malformed control flow)");
  });
  return status;
}

// The rebuilding steps read these ops' inputs by position (a Switch's
// predicate is its second input).
absl::Status CheckInputCounts(const ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    const int needed = node->op() == "Switch" ? 2 : IsDataflowControlOp(node->op()) ? 1 : 0;
    if (static_cast<int>(node->num_inputs()) < needed)
      return node->Error(absl::StrCat("has ", node->num_inputs(), " inputs but needs ", needed,
                                      " (malformed control flow)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Functionalize(ir::Graph& graph) {
  if (auto s = CheckInputCounts(graph); !s.ok()) return s;
  if (auto s = RewriteTensorArrays(graph); !s.ok()) return s;
  if (auto s = FunctionalizeLoops(graph); !s.ok()) return s;
  if (auto s = ir::ForEachGraph(graph, FunctionalizeConds); !s.ok()) return s;
  if (auto s = ir::ForEachGraph(graph, [](ir::Graph& g) {
        DropConstInputs(g);
        return absl::OkStatus();
      });
      !s.ok())
    return s;
  CleanUpRegions(graph);
  if (auto s = CheckNoneLeft(graph); !s.ok()) return s;
  return graph.TopologicalSort();
}

const std::set<std::string>& FunctionalizedOps() {
  static const std::set<std::string> ops = {
      "Enter",  "Exit",           "LoopCond",    "Merge",      "NextIteration",
      "Switch", "StatelessWhile", "StatelessIf"};
  return ops;
}

bool IsControlFlowPivot(const std::string& op, const std::string& input_op) {
  // A loop's condition constants hang on its Merge, its body's on
  // Identity(Switch:1); a branch's on switch_t/switch_f = Identity(Switch:k).
  if (op == "Merge" || op == "Enter") return true;
  return op == "Identity" && input_op == "Switch";
}

}  // namespace tfaot::functionalize
