#include "compiler/passes/loop_trip_counts.h"

#include <set>
#include <vector>

#include "compiler/ir/region.h"
#include "compiler/ops/control/region_eval.h"

namespace tfaot::passes {
namespace {

// Simulating more iterations than this would cost more compile time than a
// known count saves at run time; such a loop tests its condition instead.
constexpr int64_t kMaxSimulatedIterations = int64_t{1} << 16;

// The carried block arguments (indices) `roots` depend on in `region`.
std::set<int> CarriedBehind(const ir::Graph& region, int carried,
                            std::vector<const ir::Node*> roots) {
  std::set<const ir::Node*> seen;
  std::set<int> args;
  while (!roots.empty()) {
    const ir::Node* n = roots.back();
    roots.pop_back();
    if (!seen.insert(n).second) continue;
    for (int i = 0; i < carried; ++i)
      if (region.feeds()[i].node == n) args.insert(i);
    for (const ir::ValueRef& in : n->inputs()) roots.push_back(in.node);
  }
  return args;
}

}  // namespace

int64_t StaticTripCount(const ir::Node& loop) {
  const int carried = ir::NumCarried(loop);
  const ir::Graph& cond = loop.region(ir::kCondRegion);
  const ir::Graph& body = loop.region(ir::kBodyRegion);
  std::set<int> simulated = CarriedBehind(cond, carried, {cond.fetches()[0].value.node});
  for (size_t before = 0; before != simulated.size();) {
    before = simulated.size();
    std::vector<const ir::Node*> roots;
    for (int i : simulated) roots.push_back(body.fetches()[i].value.node);
    for (int i : CarriedBehind(body, carried, roots)) simulated.insert(i);
  }
  std::vector<int> order(simulated.begin(), simulated.end());
  std::vector<ir::Tensor> values;
  for (int i : order) {
    const ir::Tensor* init = loop.input_constant(i);
    if (!init) return -1;
    values.push_back(*init);
  }
  for (int64_t trips = 0; trips <= kMaxSimulatedIterations; ++trips) {
    std::vector<const ir::Tensor*> args;
    for (int i = 0; i < loop.num_inputs(); ++i) args.push_back(loop.input_constant(i));
    for (size_t k = 0; k < order.size(); ++k) args[order[k]] = &values[k];
    auto pred = ops::EvaluateRegion(cond, args);
    if (!pred.ok()) return -1;
    if (!(*pred)[0].AsDouble(0)) return trips;
    auto next = ops::EvaluateRegion(body, args, order);
    if (!next.ok()) return -1;
    values = *std::move(next);
  }
  return -1;  // too many to count here; the condition decides at run time
}

namespace {

absl::Status CountOneGraph(ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    if (node->op() != ir::kWhileOp) continue;
    const int64_t trips = StaticTripCount(*node);
    if (trips < 0) {
      node->attrs().erase("trip_count");
      continue;
    }
    node->attrs()["trip_count"] = trips;
    if (trips == 0)
      for (int i = 0; i < ir::NumCarried(*node); ++i)
        graph.ReplaceAllUses({node.get(), i}, node->inputs()[i]);
  }
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

}  // namespace

absl::Status LoopTripCounts(ir::Graph& graph) { return ir::ForEachGraph(graph, CountOneGraph); }

}  // namespace tfaot::passes
