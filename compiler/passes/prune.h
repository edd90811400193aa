// prune: bypasses ops that only pass values through (Identity, StopGradient,
// unfed PlaceholderWithDefault, ...) and removes everything the fetches do not
// need.
#ifndef TFAOT_COMPILER_PASSES_PRUNE_H_
#define TFAOT_COMPILER_PASSES_PRUNE_H_

#include <set>
#include <string>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status Prune(ir::Graph& graph);

// The ops Prune bypasses (they are supported: `tfaotc --list-ops` lists them).
const std::set<std::string>& PassThroughOps();

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PRUNE_H_
