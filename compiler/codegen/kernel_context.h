// What an op's emitter gets: the C++ expressions that name its operands and
// results, and a writer for the statements that compute them.
#ifndef TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_
#define TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_

#include <functional>
#include <string>
#include <vector>

#include "compiler/codegen/code_writer.h"
#include "compiler/ir/tensor.h"

namespace tfaot::codegen {

struct KernelContext {
  CodeWriter* out = nullptr;
  // Pointer expressions, typed as the values' C++ element types:
  // `const T*` for inputs (arena buffers or constant arrays), `T*` outputs.
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  // Scratch memory the op asked for (OpDef::scratch_bytes), 64-byte aligned,
  // an `unsigned char*` expression; empty when it asked for none.
  std::string scratch;
  // The `tfaot::rt::ThreadPool*` expression (nullptr at run time when the
  // caller set none); kernels that split their work take it as last argument.
  std::string pool = "pool";
  // Emits `table` as a constant array beside the graph's constants (exact
  // literals, 64-byte aligned) and returns the expression naming it, for
  // tables an emitter computes at compile time; `name` describes it
  // ("window") and becomes part of the identifier.
  std::function<std::string(const std::string& name, ir::Tensor table)> add_table;
};

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_
