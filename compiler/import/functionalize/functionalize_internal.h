// The steps of Functionalize (functionalize.h), one file each.
#ifndef TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_INTERNAL_H_
#define TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_INTERNAL_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::functionalize {

// tensor_arrays.cc: TensorArray handles and flows become array values.
absl::Status RewriteTensorArrays(ir::Graph& graph);
// loops.cc: every while-loop frame of `graph` becomes a While node.
absl::Status FunctionalizeLoops(ir::Graph& graph);
// conds.cc: the Switch/Merge conditionals of one graph become If nodes.
absl::Status FunctionalizeConds(ir::Graph& graph);
// cleanup.cc: drops unread block arguments and unneeded loop values, turns
// loop values the body passes through into invariants; regions first.
void CleanUpRegions(ir::Graph& graph);

}  // namespace tfaot::functionalize

#endif  // TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_INTERNAL_H_
