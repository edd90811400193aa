// infer-shapes: checks every op is supported, then gives every value its dtype
// and static shape, in topological order, evaluating nodes whose inputs are all
// constant so shape operands (Reshape's shape, Shape -> Pack -> Reshape chains)
// are known. A While or If node's regions are inferred first, their block
// arguments typed from the node's operands (a loop invariant or an If operand
// brings its constant along); a loop's carried values must keep their dtype
// and shape from one iteration to the next.
#ifndef TFAOT_COMPILER_PASSES_INFER_SHAPES_H_
#define TFAOT_COMPILER_PASSES_INFER_SHAPES_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status InferShapes(ir::Graph& graph);

// One node's part of InferShapes, for passes that rewrite while inferring
// (promote-half): infers `node` (and its regions), whose inputs are already
// inferred and whose op is supported, and evaluates it when all its inputs
// are constant.
absl::Status InferNode(ir::Node& node);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_INFER_SHAPES_H_
