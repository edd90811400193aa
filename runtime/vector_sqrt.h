// Square roots over arrays in vector registers where the target has them.
// Compilers keep std::sqrt scalar unless -fno-math-errno (it may set errno
// on negative inputs), so these use the instructions directly; sqrt is
// correctly rounded everywhere, so every path gives the same bits.
#ifndef TFAOT_RUNTIME_VECTOR_SQRT_H_
#define TFAOT_RUNTIME_VECTOR_SQRT_H_

#include <cmath>
#include <cstdint>
#if defined(__AVX__)
#include <immintrin.h>

#include "runtime/isa.h"
#endif

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// out[i] = sqrt(double(in[i])) for i < n.
inline void SqrtFloatToDouble(const float* in, double* out, int64_t n) {
  int64_t i = 0;
#if defined(__AVX512F__)
  for (; i + 8 <= n; i += 8)
    _mm512_storeu_pd(out + i, _mm512_sqrt_pd(_mm512_cvtps_pd(_mm256_loadu_ps(in + i))));
#elif defined(__AVX__)
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(out + i, _mm256_sqrt_pd(_mm256_cvtps_pd(_mm_loadu_ps(in + i))));
#endif
  for (; i < n; ++i) out[i] = std::sqrt(static_cast<double>(in[i]));
}

// x[i] = sqrtf(x[i]) for i < n.
inline void SqrtFloatInPlace(float* x, int64_t n) {
  int64_t i = 0;
#if defined(__AVX512F__)
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, _mm512_sqrt_ps(_mm512_loadu_ps(x + i)));
#elif defined(__AVX__)
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_sqrt_ps(_mm256_loadu_ps(x + i)));
#endif
  for (; i < n; ++i) x[i] = std::sqrt(x[i]);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_VECTOR_SQRT_H_
