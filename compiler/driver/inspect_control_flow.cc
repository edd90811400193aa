#include "compiler/driver/inspect_control_flow.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/import/import_graph.h"
#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/passes/loop_trip_counts.h"

namespace tfaot::driver {
namespace {

bool Typed(const ir::Value& v) { return v.dtype != ir::DType::kInvalid && v.shape_known; }

// Infers what can be inferred without feeds: nodes whose inputs are known
// (constants, placeholders with static shapes), skipping unsupported ops and
// everything behind them. Loops whose inputs are all known get their regions
// inferred on the way.
void InferWhatIsKnown(ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    bool ready = ops::FindOp(node->op()) != nullptr;
    for (int i = 0; ready && i < node->num_inputs(); ++i) ready = Typed(node->input_value(i));
    if (ready && passes::InferNode(*node).ok()) continue;
    for (ir::Value& v : node->outputs()) v = ir::Value{};
  }
}

std::string Values(const ir::Graph& region, int first, int last) {
  std::vector<std::string> names;
  for (int i = first; i < last; ++i) {
    const ir::Node& arg = *region.feeds()[i].node;
    const ir::Value& v = arg.output(0);
    names.push_back(Typed(v) ? absl::StrCat(arg.name(), " ", ir::DTypeShortName(v.dtype),
                                            ir::ShapeToString(v.shape))
                             : arg.name());
  }
  return names.empty() ? "none" : absl::StrJoin(names, ", ");
}

void Describe(const ir::Graph& graph, const std::string& indent, std::ostream& out) {
  for (const auto& node : graph.nodes()) {
    if (node->op() == ir::kWhileOp) {
      const int carried = ir::NumCarried(*node);
      const ir::Graph& body = node->region(ir::kBodyRegion);
      std::string trips = "trip count not known before compiling (it depends on inputs "
                          "inspect cannot infer)";
      if (node->num_outputs() > 0 && Typed(node->output(0))) {
        int64_t n = passes::StaticTripCount(*node);
        trips = n >= 0 ? absl::StrCat(n, n == 1 ? " iteration" : " iterations")
                       : "iterations decided at run time";
      }
      out << indent << "loop '" << node->name() << "' (frame '"
          << node->GetStringOr("frame_name", "?") << "'): " << trips << "\n";
      out << indent << "  carried: " << Values(body, 0, carried) << "\n";
      out << indent << "  invariant: "
          << Values(body, carried, static_cast<int>(body.feeds().size())) << "\n";
      Describe(node->region(ir::kCondRegion), indent + "  ", out);
      Describe(body, indent + "  ", out);
    } else if (node->op() == ir::kIfOp) {
      out << indent << "conditional '" << node->name() << "' on '"
          << node->inputs()[0].node->name() << "': " << node->num_outputs()
          << (node->num_outputs() == 1 ? " result" : " results") << "\n";
      for (int r = 0; r < node->num_regions(); ++r) Describe(node->region(r), indent + "  ", out);
    }
  }
}

}  // namespace

void InspectControlFlow(const tensorflow::GraphDef& graph, std::ostream& out) {
  static const std::set<std::string> kOps = {"Enter", "Switch", "While", "StatelessWhile",
                                             "If", "StatelessIf"};
  bool any = false;
  for (const auto& node : graph.node()) any |= kOps.count(node.op()) > 0;
  if (!any) return;
  out << "control flow (loops and conditionals as tfaotc rebuilds them):\n";
  auto ir = import::ImportForInspection(graph);
  if (!ir.ok()) {
    out << "  cannot be rebuilt: " << ir.status().message() << "\n";
    return;
  }
  InferWhatIsKnown(**ir);
  Describe(**ir, "  ", out);
}

}  // namespace tfaot::driver
