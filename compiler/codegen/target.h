// Code-generation targets: which vector instructions the generated code may
// use. The generated source checks at compile time that it is built with the
// matching flags, so a mismatch is a clear #error, not an illegal instruction.
#ifndef TFAOT_COMPILER_CODEGEN_TARGET_H_
#define TFAOT_COMPILER_CODEGEN_TARGET_H_

#include <string>
#include <vector>

namespace tfaot::codegen {

struct Target {
  const char* name;         // --target value
  const char* description;
  // Host compiler flags that enable it (the Bazel macro's copts mirror these).
  std::vector<std::string> flags;
  // Preprocessor macros those flags define, checked by the generated source.
  std::vector<std::string> required_macros;
  int vector_bytes;         // widest vector register
};

// generic (SSE2, any x86-64), avx2 (AVX2+FMA, x86-64-v3), avx512 (x86-64-v4),
// native (whatever the building machine has).
const std::vector<Target>& AllTargets();
const Target* FindTarget(const std::string& name);
constexpr const char* kDefaultTarget = "avx2";

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_TARGET_H_
