// materialize-fetches: gives every fetch a buffer the generated code writes, by
// inserting a copy (Identity) where a fetch reads a constant or a feed.
#ifndef TFAOT_COMPILER_PASSES_MATERIALIZE_FETCHES_H_
#define TFAOT_COMPILER_PASSES_MATERIALIZE_FETCHES_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status MaterializeFetches(ir::Graph& graph);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_MATERIALIZE_FETCHES_H_
