// Feeds whose values must be known at compile time. tfaot compiles static
// shapes only, so a feed that reaches a shape operand (Tile's multiples,
// Reshape's shape, Fill's dims, ...) cannot stay a run-time input; nor can
// one that decides a table (Mfcc's sample rate). `tfaotc run` and the
// conformance suite know the feeds' values, so they compile such feeds as
// constants (the config's `constant` entries) and keep every other feed a
// run-time input.
#ifndef TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_
#define TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/driver/run_command.h"
#include "compiler/ir/graph.h"
#include "compiler/passes/pipeline.h"
#include "proto/graph.pb.h"

namespace tfaot::driver {

// When `failure` says a node's value must be known at compile time, finds the
// feeds that value is computed from (the node itself when it stands for a
// feed), moves each from run.config's feeds to its constants with its run
// data, and drops its data from `run`. Returns their names ("node" or
// "node:index"); returns `failure` itself when it is another error or no
// feed lies behind it.
absl::StatusOr<std::vector<std::string>> ConstantizeValueFeeds(const absl::Status& failure,
                                                               const tensorflow::GraphDef& graph,
                                                               ResolvedRun& run);

// LowerGraph for a run whose feeds have values: while lowering fails because
// a node's value must be known at compile time, the feeds behind it become
// constants (ConstantizeValueFeeds) and lowering is tried again. Their names
// are appended to `constants`.
absl::StatusOr<std::unique_ptr<ir::Graph>> LowerWithValueFeeds(
    const tensorflow::GraphDef& graph, ResolvedRun& run, const passes::PipelineOptions& options,
    std::vector<std::string>* constants);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_VALUE_FEEDS_H_
