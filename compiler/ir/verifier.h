// Structural checks run after every pass, so a pass that breaks an invariant
// is caught at the pass, not as wrong code later.
#ifndef TFAOT_COMPILER_IR_VERIFIER_H_
#define TFAOT_COMPILER_IR_VERIFIER_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::ir {

// Checks, in the graph and in every region: unique node names; every input
// refers to an output of a node that comes earlier in the same graph (so a
// region reads outer values only through its owner's operands); feeds and
// fetches refer to live nodes; block arguments are exactly a region's Arg
// nodes. For While and If nodes (region.h): two regions, as many block
// arguments as operands and yields as results, and, once inferred, the same
// dtypes and shapes on both sides of every region boundary.
absl::Status VerifyGraph(const Graph& graph);

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_VERIFIER_H_
