// Small graph-editing helpers the rewriting passes share.
#ifndef TFAOT_COMPILER_PASSES_PASS_UTIL_H_
#define TFAOT_COMPILER_PASSES_PASS_UTIL_H_

#include <map>
#include <string>

#include "compiler/ir/graph.h"

namespace tfaot::passes {

// A Const node holding `value`, inserted before `before` (so topological
// order holds for `before` and everything after it).
ir::Node* InsertConst(ir::Graph& graph, const ir::Node* before, const std::string& name,
                      ir::Tensor value);

// How many inputs (and fetches) read each value.
std::map<std::pair<const ir::Node*, int>, int> CountUses(const ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PASS_UTIL_H_
