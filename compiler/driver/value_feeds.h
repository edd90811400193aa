// Feeds whose values decide a shape. tfaot compiles static shapes only, so a
// feed that reaches a shape operand (Tile's multiples, Reshape's shape, Fill's
// dims, ...) cannot stay a run-time input. `tfaotc run` and the conformance
// suite know the feeds' values, so they compile such feeds as constants and
// keep every other feed a run-time input.
#ifndef TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_
#define TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/driver/run_command.h"
#include "proto/graph.pb.h"

namespace tfaot::driver {

// When `failure` says a node's value must be known at compile time, finds the
// feeds that node is computed from, makes each a constant holding its run
// data (a Placeholder becomes a Const; a fed Const simply stops being fed) and
// removes it from `run`. Returns their names; returns `failure` itself when
// it is another error or no feed of `run` lies behind it.
absl::StatusOr<std::vector<std::string>> ConstantizeValueFeeds(const absl::Status& failure,
                                                               tensorflow::GraphDef& graph,
                                                               ResolvedRun& run);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_
