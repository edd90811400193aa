// Where plan-memory lets one value take another's bytes instead of a buffer
// of its own (beyond views, which always share): an in-place op updating its
// input, and a loop body computing a carried value directly in the loop's
// buffer for it, so that no copy closes the iteration.
#ifndef TFAOT_COMPILER_PASSES_MEMORY_ALIASES_H_
#define TFAOT_COMPILER_PASSES_MEMORY_ALIASES_H_

#include <map>
#include <utility>

#include "compiler/ir/graph.h"

namespace tfaot::passes {

// Whether in-place `node` (OpDef::in_place), at `pos` in `graph`, may update
// its input 0's buffer: no other node or yield needs the old value after it
// (TensorArray readers excepted: an element is written once, before it is
// read, so a reader of the old array never sees a changed element), and the
// buffer is the graph's own or a loop body's carried value that the node's
// result replaces.
bool MayUpdateInPlace(const ir::Graph& graph, const ir::Node& node, int pos);

// For a While body: the values the body yields that may be computed in
// their carried value's buffer (value -> that block argument). The old value
// must be dead by then: read by no later node and by the producer only
// element by element (an elementwise loop reading the same index it
// writes), and yielded nowhere else.
std::map<std::pair<const ir::Node*, int>, std::pair<const ir::Node*, int>> ValuesInCarriedSlots(
    const ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_MEMORY_ALIASES_H_
