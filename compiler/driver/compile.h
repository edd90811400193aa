// Compile(graph, config) -> header + source: import, the pass pipeline, code
// generation, and an all-or-nothing write of the output files.
#ifndef TFAOT_COMPILER_DRIVER_COMPILE_H_
#define TFAOT_COMPILER_DRIVER_COMPILE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/ir/graph.h"
#include "compiler/passes/pipeline.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::driver {

struct CompileOptions {
  codegen::ModuleOptions module;
  passes::PipelineOptions pipeline;
};

// Import and run the passes; the graph comes back planned and ready to emit.
absl::StatusOr<std::unique_ptr<ir::Graph>> LowerGraph(const tensorflow::GraphDef& graph_def,
                                                      const tensorflow::tf2xla::Config& config,
                                                      const passes::PipelineOptions& options);

absl::StatusOr<codegen::GeneratedModule> CompileGraph(const tensorflow::GraphDef& graph_def,
                                                      const tensorflow::tf2xla::Config& config,
                                                      const CompileOptions& options);

// Writes every (path, contents) pair or none: each goes to a temporary file
// beside its destination first, and is renamed into place only when all were
// written.
absl::Status WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_COMPILE_H_
