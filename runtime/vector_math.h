// float exp, sigmoid and tanh as straight-line arithmetic: no library call
// and no branch, so a fused loop around them vectorizes (SSE2, AVX2,
// AVX-512) without -ffast-math. Recurrent networks spend most of their time
// in their gates' sigmoids and tanhs, where libm's scalar calls are several
// times slower. Cody-Waite range reduction and Cephes' minimax polynomials
// (expf, tanhf): exp and tanh within 1 ulp of the exact value, sigmoid
// within 2, over the whole float range (vector_math_test sweeps it); NaN,
// infinities, signed zeros, subnormal results and underflow to zero behave
// as in libm.
#ifndef TFAOT_RUNTIME_VECTOR_MATH_H_
#define TFAOT_RUNTIME_VECTOR_MATH_H_

#include <cmath>
#include <cstdint>
#include <cstring>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {
namespace vector_math {

inline uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

inline float FromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

// `take` ? a : b, as bit masks: a conditional expression would let the
// compiler split the loop into paths (one per constant arm), which stops it
// from vectorizing unless it may assume no floating-point traps.
inline float Blend(bool take, float a, float b) {
  const uint32_t m = 0u - static_cast<uint32_t>(take);
  return FromBits((Bits(a) & m) | (Bits(b) & ~m));
}

// 2^n for an integer n in [-126, 127].
inline float Pow2(int32_t n) { return FromBits((static_cast<uint32_t>(n) + 127u) << 23); }

}  // namespace vector_math

inline float ExpF(float x) {
  using namespace vector_math;
  // Beyond these e^x is inf or rounds to 0 (NaN passes through).
  float c = Blend(x < -104.f, -104.f, x);
  c = Blend(c > 89.f, 89.f, c);
  // n = the nearest integer to x / ln 2: adding 1.5 * 2^23 rounds it into
  // the low mantissa bits (std::floor would not vectorize without
  // -ffast-math); ln 2 is subtracted in two parts (Cody-Waite).
  const float t = c * 1.44269504088896341f + 12582912.f;
  const float n = t - 12582912.f;
  float r = c - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  const float z = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * z + r + 1.f;
  // 2^n in two factors, so subnormal results (n < -126) and overflow to
  // inf (n = 128) come out of the multiplications themselves.
  const int32_t ni = static_cast<int32_t>(Bits(t) - Bits(12582912.f));
  const int32_t half = ni >> 1;  // floor(n / 2)
  return p * Pow2(half) * Pow2(ni - half);
}

inline float SigmoidF(float x) { return 1.f / (1.f + ExpF(-x)); }

inline float TanhF(float x) {
  using namespace vector_math;
  const float a = std::fabs(x);
  // Small |x|: an odd minimax polynomial, where the identity below cancels.
  const float z = a * a;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const float small = p * z * a + a;
  // Otherwise tanh = 1 - 2 / (e^2|x| + 1) (1 once e^2|x| is inf).
  const float large = 1.f - 2.f / (ExpF(2.f * a) + 1.f);
  return std::copysign(Blend(a < 0.625f, small, large), x);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_VECTOR_MATH_H_
