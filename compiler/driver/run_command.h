// `tfaotc run`: compile a graph, build it with the host C++ compiler, run it
// on .npy inputs and write the fetches as .npy (or print them).
#ifndef TFAOT_COMPILER_DRIVER_RUN_COMMAND_H_
#define TFAOT_COMPILER_DRIVER_RUN_COMMAND_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/driver/model_source.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/tensor.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::driver {

struct RunOptions {
  std::vector<std::string> feeds;    // NODE[:IDX][=IN.npy]
  std::vector<std::string> fetches;  // NODE[:IDX][=OUT.npy]
  int benchmark_runs = 0;            // > 0: time Run() this many times
  bool reference = false;            // evaluate with the ops' evaluators
  std::string keep_dir;              // keep the generated program here
  std::string target = "native";     // codegen::Target name
  int threads = 1;                   // > 1: Run() on a pool of this many threads
};

// A feed or fetch spec resolved against the graph: the config entries plus,
// for feeds, the data.
struct ResolvedRun {
  tensorflow::tf2xla::Config config;
  std::vector<ir::Tensor> feed_data;          // in config order
  std::vector<std::string> fetch_outputs;     // .npy paths, "" = print
  std::vector<std::string> fetch_display;     // "node" or "node:idx"
};

absl::StatusOr<ResolvedRun> ResolveRunSpecs(const tensorflow::GraphDef& graph,
                                            const RunOptions& options);

// Evaluates the fetches with the reference evaluators (constant folding with
// the feeds as constants). Fails naming an op that has no evaluator.
absl::StatusOr<std::vector<ir::Tensor>> EvaluateReference(const tensorflow::GraphDef& graph,
                                                          const ResolvedRun& run);

// Compiles, builds and runs; returns the fetches in config order. With
// benchmark_runs > 0 the harness's benchmark line goes to `benchmark_line`.
absl::StatusOr<std::vector<ir::Tensor>> CompileAndRun(const tensorflow::GraphDef& graph,
                                                      const ResolvedRun& run,
                                                      const RunOptions& options,
                                                      std::string* benchmark_line);

// CompileAndRun's second half: builds and runs `graph`, lowered from run.config.
absl::StatusOr<std::vector<ir::Tensor>> BuildAndRun(const ir::Graph& graph, const ResolvedRun& run,
                                                    const RunOptions& options,
                                                    std::string* benchmark_line);

// The whole subcommand: writes .npy files / prints "<name> = <values>".
absl::Status RunGraph(const ModelSource& source, const RunOptions& options);

// "[1, 2.5, 3]" (nested by shape) for printing.
std::string FormatTensor(const ir::Tensor& t);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_RUN_COMMAND_H_
