// For kernel tests built again with a wider target's flags (compiler/ops/BUILD):
// on a CPU without that instruction set every test is skipped, not failed.
#ifndef TFAOT_COMPILER_OPS_KERNELS_ISA_TEST_UTIL_H_
#define TFAOT_COMPILER_OPS_KERNELS_ISA_TEST_UTIL_H_

#include "gtest/gtest.h"

namespace tfaot::ops {

#if defined(__AVX512F__) || defined(__AVX2__)
class RequireCpu : public ::testing::Environment {
 public:
  void SetUp() override {
#if defined(__AVX512F__)
    const bool ok = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                    __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
    const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    if (!ok) GTEST_SKIP() << "this CPU lacks the instruction set the test is built for";
  }
};
inline ::testing::Environment* const kRequireCpu =
    ::testing::AddGlobalTestEnvironment(new RequireCpu);
#endif

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_KERNELS_ISA_TEST_UTIL_H_
