// infer-shapes: checks every op is supported, then gives every value its dtype
// and static shape, in topological order, evaluating nodes whose inputs are all
// constant so shape operands (Reshape's shape, Shape -> Pack -> Reshape chains)
// are known.
#ifndef TFAOT_COMPILER_PASSES_INFER_SHAPES_H_
#define TFAOT_COMPILER_PASSES_INFER_SHAPES_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status InferShapes(ir::Graph& graph);

// One node's part of InferShapes, for passes that rewrite while inferring
// (promote-half): infers `node`, whose inputs are already inferred and whose
// op is supported, and evaluates it when all its inputs are constant.
absl::Status InferNode(ir::Node& node);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_INFER_SHAPES_H_
