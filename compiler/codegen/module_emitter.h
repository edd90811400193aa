// Emits the generated library for a planned graph: a header with the model
// class (typed accessors, constexpr shapes and sizes, Run()) and a C entry
// point, and a source with the weights and the straight-line Run body. The
// parts that depend only on the feeds, fetches and class name come from
// class_api_emitter.h, the constant arrays from constant_emitter.h.
#ifndef TFAOT_COMPILER_CODEGEN_MODULE_EMITTER_H_
#define TFAOT_COMPILER_CODEGEN_MODULE_EMITTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"

namespace tfaot::codegen {

struct ModuleOptions {
  std::string cpp_class;       // "ns1::ns2::Name" or "Name"
  std::string header_include;  // how the source #includes the header
  std::string model_name;      // for the banner comment (file name, no path)
  std::string target = "avx2"; // see target.h
};

struct GeneratedModule {
  std::string header;
  std::string source;
};

absl::StatusOr<GeneratedModule> EmitModule(const ir::Graph& graph, const ModuleOptions& options);

// Checks `cpp_class` is `[ns::]*Name` with C++ identifiers.
absl::Status ValidateCppClass(const std::string& cpp_class);

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_MODULE_EMITTER_H_
