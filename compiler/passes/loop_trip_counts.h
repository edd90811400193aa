// loop-trip-counts: finds the loops whose number of iterations is a
// compile-time constant and records it as the While node's `trip_count`
// (codegen then writes a plain `for` loop and skips the condition).
//
// The loop values the condition reads, closed over the values their updates
// read, are simulated with the ops' reference evaluators from their initial
// values; this succeeds when those values depend only on themselves and on
// constants: `i < n` with a constant n, or dynamic_rnn's `time < max_time`
// and iteration counter once shape folding made max_time a constant. A loop
// that would run more than 65536 times is left to test its condition at run
// time (simulating it would cost more compile time than the count saves). A
// loop found to run zero times is replaced by its initial values.
#ifndef TFAOT_COMPILER_PASSES_LOOP_TRIP_COUNTS_H_
#define TFAOT_COMPILER_PASSES_LOOP_TRIP_COUNTS_H_

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

absl::Status LoopTripCounts(ir::Graph& graph);

// The number of iterations of While node `loop` (inferred), or -1 when it is
// not a compile-time constant.
int64_t StaticTripCount(const ir::Node& loop);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_LOOP_TRIP_COUNTS_H_
