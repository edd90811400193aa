#include "compiler/driver/compile.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "compiler/import/import_graph.h"
#include "compiler/driver/exit_codes.h"

namespace tfaot::driver {

ExitCode ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk: return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kDataLoss: return kExitInvalidModel;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnavailable: return kExitIoError;
    case absl::StatusCode::kUnimplemented: return kExitUnsupported;
    case absl::StatusCode::kAborted: return kExitBuildFailed;
    default: return kExitInternal;
  }
}

absl::StatusOr<std::unique_ptr<ir::Graph>> LowerGraph(const tensorflow::GraphDef& graph_def,
                                                      const tensorflow::tf2xla::Config& config,
                                                      const passes::PipelineOptions& options) {
  auto graph = import::ImportGraph(graph_def, config);
  if (!graph.ok()) return graph.status();
  if (auto s = passes::RunPipeline(**graph, options); !s.ok()) return s;
  return graph;
}

absl::StatusOr<codegen::GeneratedModule> CompileGraph(const tensorflow::GraphDef& graph_def,
                                                      const tensorflow::tf2xla::Config& config,
                                                      const CompileOptions& options) {
  if (auto s = codegen::ValidateCppClass(options.module.cpp_class); !s.ok()) return s;
  auto graph = LowerGraph(graph_def, config, options.pipeline);
  if (!graph.ok()) return graph.status();
  return codegen::EmitModule(**graph, options.module);
}

absl::Status WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::string> temps;
  auto cleanup = [&] {
    for (const std::string& t : temps) std::remove(t.c_str());
  };
  for (const auto& [path, contents] : files) {
    std::string temp = absl::StrCat(path, ".tmp.", getpid());
    temps.push_back(temp);
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) {
      cleanup();
      return absl::PermissionDeniedError(absl::StrCat(path, ": cannot write the output file"));
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      for (size_t j = 0; j < i; ++j) std::remove(files[j].first.c_str());
      cleanup();
      return absl::PermissionDeniedError(
          absl::StrCat(files[i].first, ": cannot move the output file into place"));
    }
  }
  return absl::OkStatus();
}

}  // namespace tfaot::driver
