#include "compiler/codegen/target.h"

namespace tfaot::codegen {

const std::vector<Target>& AllTargets() {
  static const auto* targets = new std::vector<Target>{
      {"generic", "any x86-64 (SSE2)", {}, {}, 16},
      {"avx2", "AVX2 + FMA (x86-64-v3: Haswell, Zen and later)", {"-mavx2", "-mfma"},
       {"__AVX2__", "__FMA__"}, 32},
      {"avx512", "AVX-512 F/BW/DQ/VL (x86-64-v4: Skylake-X, Zen 4 and later)",
       {"-march=x86-64-v4"}, {"__AVX512F__"}, 64},
      {"native", "the machine that builds the generated code", {"-march=native"}, {}, 64},
  };
  return *targets;
}

const Target* FindTarget(const std::string& name) {
  for (const Target& t : AllTargets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace tfaot::codegen
