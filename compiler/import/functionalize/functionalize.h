// functionalize: the import step that turns TensorFlow's dataflow control
// flow into structured regions (ir/region.h), so that every pass after import
// sees While and If nodes and no cycles:
//  - TensorArrays become values: the flow carries the array, the handle goes
//    (tensor_arrays.cc, ops/control/tensor_array.h);
//  - TF1 while loops (Enter/Merge/Switch/LoopCond/NextIteration/Exit frames,
//    nested frames) become While nodes (loops.cc);
//  - tf.cond / tf.case Switch/Merge nests become If nodes (conds.cc), in the
//    top-level graph and in every region;
//  - TF2's functional While and If reach the same regions by way of that
//    dataflow form (functional_ops.cc, before the importer runs).
// The importer gives each Const that TensorFlow ties to a loop or a branch
// by a control edge (on the loop's Identity/Merge, on a cond's switch_t or
// switch_f) that node as an input, so the constant lands in the right region;
// those inputs are dropped at the end. Malformed control flow (a Merge
// without its Switch, a frame without LoopCond, mismatched frames, a
// NextIteration no Merge reads, ...) is an error naming a node.
#ifndef TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_H_
#define TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"
#include "proto/graph.pb.h"

namespace tfaot::functionalize {

// TF2's functional While/StatelessWhile/If/StatelessIf (functions of the
// graph's library) lowered to the dataflow form above, which Functionalize
// then rebuilds like any TF1 loop or conditional (functional_ops.cc).
bool HasFunctionalControlFlow(const tensorflow::GraphDef& graph);
absl::Status LowerFunctionalControlFlow(tensorflow::GraphDef* graph);

// `graph` is the importer's graph: nodes in file order, loops still cycles.
// On success it is acyclic and topologically sorted.
absl::Status Functionalize(ir::Graph& graph);

// TensorFlow ops this step rewrites away (supported, though no OpDef has
// their name): `tfaotc --list-ops` and `inspect` count them as supported.
const std::set<std::string>& FunctionalizedOps();

// Whether a Const's control input on `op` (given the op of that node's
// first input, or "") ties the constant to a loop or branch.
bool IsControlFlowPivot(const std::string& op, const std::string& input_op);

}  // namespace tfaot::functionalize

#endif  // TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_H_
