// The generated library's interface: what depends only on the feeds, the
// fetches, their places in the arena and the class name, not on how Run()
// computes. The whole header (the class with its constexpr shapes, sizes,
// names and dtypes, and the C entry points' prototypes), the class's members
// the source defines, the C entry points, and the banner of both files.
#ifndef TFAOT_COMPILER_CODEGEN_CLASS_API_EMITTER_H_
#define TFAOT_COMPILER_CODEGEN_CLASS_API_EMITTER_H_

#include <string>
#include <vector>

#include "compiler/codegen/code_writer.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/ir/graph.h"

namespace tfaot::codegen {

class ClassApiEmitter {
 public:
  // `graph` is planned (arena offsets); `options.cpp_class` is valid.
  ClassApiEmitter(const ir::Graph& graph, const ModuleOptions& options);

  // The first line of both files: tfaotc's version and the model.
  std::string Banner() const;
  std::string EmitHeader() const;
  // Constructors, destructor, arg_data()/result_data() and Run(), which calls
  // RunGraph(arena_, pool_): inside the class's namespaces.
  void EmitClassMembers(CodeWriter& w) const;
  // The C entry points, after the namespaces close.
  void EmitCEntry(CodeWriter& w) const;

  const std::vector<std::string>& namespaces() const { return namespaces_; }

 private:
  // Names and TensorFlow dtype names by position, for generic callers.
  void EmitNamesAndDTypes(CodeWriter& w) const;
  void EmitShapeConstants(CodeWriter& w, const char* kind, const std::string& name,
                          const ir::Value& v) const;
  std::string CSignature() const;
  template <typename OffsetFn>
  void EmitIndexedAccessor(CodeWriter& w, const char* kind, OffsetFn offset, size_t count) const;

  const ir::Graph& graph_;
  const ModuleOptions& options_;
  std::string class_name_;
  std::vector<std::string> namespaces_;
  std::string c_prefix_;  // the C entry points': namespaces and class joined by '_'
};

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_CLASS_API_EMITTER_H_
