// What an op's emitter gets: the C++ expressions that name its operands and
// results, and a writer for the statements that compute them.
#ifndef TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_
#define TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_

#include <string>
#include <vector>

#include "compiler/codegen/code_writer.h"

namespace tfaot::codegen {

struct KernelContext {
  CodeWriter* out = nullptr;
  // Pointer expressions, typed as the values' C++ element types:
  // `const T*` for inputs (arena buffers or constant arrays), `T*` outputs.
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  // Scratch memory the op asked for (OpDef::scratch_bytes), 64-byte aligned;
  // empty when it asked for none.
  std::string scratch;
  // The `tfaot::rt::ThreadPool*` expression (nullptr at run time when the
  // caller set none); kernels that split their work take it as last argument.
  std::string pool = "pool";
};

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_KERNEL_CONTEXT_H_
