// The generated source's constant arrays: weights and the tables emitters
// ask for, as exact literals, or as the bytes of one string literal when
// large (far faster for the C++ compiler to read).
#ifndef TFAOT_COMPILER_CODEGEN_CONSTANT_EMITTER_H_
#define TFAOT_COMPILER_CODEGEN_CONSTANT_EMITTER_H_

#include <string>

#include "compiler/codegen/code_writer.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/tensor.h"

namespace tfaot::codegen {

// Writes `t` as the 64-byte aligned array `name` (`const T name[...]`, or
// `name_bytes` and a `const T* const name` over it), after a comment naming
// `what` and the value's type.
void EmitConstant(CodeWriter& w, const std::string& what, const std::string& name,
                  const ir::Value& v, const ir::Tensor& t);

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_CONSTANT_EMITTER_H_
