// Structural checks run after every pass, so a pass that breaks an invariant
// is caught at the pass, not as wrong code later.
#ifndef TFAOT_COMPILER_IR_VERIFIER_H_
#define TFAOT_COMPILER_IR_VERIFIER_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::ir {

// Checks: unique node names; every input refers to an output of a node that
// comes earlier in the node list; feeds and fetches refer to live nodes.
absl::Status VerifyGraph(const Graph& graph);

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_VERIFIER_H_
