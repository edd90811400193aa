// The pass pipeline: the one place that orders the passes. Reading RunPipeline
// top to bottom tells what the compiler does to a graph.
#ifndef TFAOT_COMPILER_PASSES_PIPELINE_H_
#define TFAOT_COMPILER_PASSES_PIPELINE_H_

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::passes {

struct PipelineOptions {
  std::set<std::string> print_after;  // pass names
  bool print_after_all = false;
  std::ostream* print_to = nullptr;   // where printed IR goes
  // Stop after this pass (empty: run all); for tests and `run --reference`.
  std::string stop_after;
  // Passes not to run (for A/B measurements, e.g. "select-kernels").
  std::set<std::string> skip;
};

// Pass names in pipeline order, as --print-after takes them.
std::vector<std::string> PassNames();

absl::Status RunPipeline(ir::Graph& graph, const PipelineOptions& options);

}  // namespace tfaot::passes

#endif  // TFAOT_COMPILER_PASSES_PIPELINE_H_
