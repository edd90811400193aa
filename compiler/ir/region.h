// Structured control flow in the IR. Two node kinds own regions (sub-graphs):
//
//   %w:0..n-1 = While(carried_0..n-1, invariant_0..m-1) {carried=n}
//       cond(args) { ... yield pred }       pred: bool[]
//       body(args) { ... yield next_0..n-1 }
//     Both regions take the n carried values, then the m invariants, as
//     block arguments. The outputs are the carried values once cond is false.
//     Attributes: frame_name (TensorFlow's frame, for comments), trip_count
//     (set by the loop-trip-counts pass when it is a compile-time constant).
//
//   %r:0..k-1 = If(pred, operand_0..m-1)
//       then(args) { ... yield r_0..k-1 }
//       else(args) { ... yield r_0..k-1 }
//     Both regions take the m operands as block arguments.
//
// A region is an ir::Graph: its feeds are Arg nodes (the block arguments, in
// order) and its fetches are the yielded values. Regions are isolated from
// above: a node reads only nodes of its own graph, so liveness, pruning and
// verification stay local to one graph. Passes reach every graph through
// ForEachGraph instead of walking regions by hand.
#ifndef TFAOT_COMPILER_IR_REGION_H_
#define TFAOT_COMPILER_IR_REGION_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::ir {

inline constexpr char kWhileOp[] = "While";
inline constexpr char kIfOp[] = "If";
inline constexpr char kArgOp[] = "Arg";

// Region indices of While and If nodes.
inline constexpr int kCondRegion = 0, kBodyRegion = 1;
inline constexpr int kThenRegion = 0, kElseRegion = 1;

// A While node's carried-value count (its "carried" attribute).
int NumCarried(const Node& while_node);
// The first operand of a region node that becomes block argument 0: 0 for
// While, 1 for If (operand 0 is the predicate).
int FirstArgOperand(const Node& node);

// Calls `fn` on `graph`, then on every region nested in it (outer graphs
// first; a region is visited after `fn` has run on the graph that owns it, so
// `fn` may rewrite regions of the nodes it keeps). Stops at the first error.
absl::Status ForEachGraph(Graph& graph, const std::function<absl::Status(Graph&)>& fn);
void ForEachGraph(const Graph& graph, const std::function<void(const Graph&)>& fn);

// Appends a block argument (an Arg node, registered as a feed) to `region`.
Node* AddArg(Graph& region, const std::string& name);

// A deep copy (nodes, regions, feeds, fetches).
std::unique_ptr<Graph> CloneGraph(const Graph& graph);

// Puts the nodes of `node`'s region `r` in `graph` before `node`, block
// arguments replaced by the operands they stand for and readers of `node`'s
// results pointed at the region's yields (an If whose predicate is known).
// Names taken in `graph` get a suffix. `node` is left for RemoveDeadNodes.
void InlineRegion(Graph& graph, Node& node, int r);

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_REGION_H_
