// Forward FFT of n = 2^k real points in double precision, O(n log n): the
// transform TensorFlow's AudioSpectrogram takes of each windowed frame.
//
// The n reals are packed as m = n/2 complex points z[j] = x[2j] + i x[2j+1],
// stored in bit-reversed order (permutation table), transformed in place by
// an iterative radix-2 decimation-in-time FFT of size m (its first two
// stages, whose factors are 1 and -i, as one radix-4 pass without
// multiplications), then split into the spectrum of x: X[k] = E[k] + W^k O[k]
// with E, O the transforms of the even and odd samples (W = exp(-2 pi i / n)),
// recovered from Z[k] and conj(Z[m - k]).
//
// The twiddle factors and the permutation are tables computed once
// (MakeRealFftTables: at compile time, emitted as literals), so the transform
// calls no trigonometric function. Factors at multiples of pi/2 are exact (0
// and +-1). Within a stage the butterflies read contiguous data and factors,
// so the compiler vectorizes them; nothing is reassociated, so each output is
// the same arithmetic whatever the vector width.
#ifndef TFAOT_RUNTIME_REAL_FFT_H_
#define TFAOT_RUNTIME_REAL_FFT_H_

#include <cmath>
#include <cstdint>
#include <cstring>

#include "runtime/isa.h"

// 32-byte vectors by value: GCC notes the ABI differs without AVX; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// The smallest power of two >= n (n >= 1), as TensorFlow picks the FFT size.
inline int64_t NextPowerOfTwo(int64_t n) {
  int64_t p = 1;
  while (p < n) p *= 2;
  return p;
}

// Doubles in the factor table of an n-point transform: per stage of half-size
// h = 1, 2, 4, ..., m/2 the h factors' real parts then imaginary parts
// (2 * (m - 1) in all), then cos and sin of 2 pi k / n for k < m (2 * m).
inline int64_t RealFftFactorCount(int64_t n) { return 2 * (n / 2 - 1) + n; }
// int32 entries of the permutation table: m.
inline int64_t RealFftPermutationCount(int64_t n) { return n / 2; }

namespace fft_internal {

// cos and -sin of 2 pi j / period, exact where they are 0 or +-1.
inline void Factor(int64_t j, int64_t period, double* re, double* im) {
  if (4 * j % period == 0) {
    const int64_t quarter = 4 * j / period;  // 0..3
    const double c[4] = {1, 0, -1, 0}, s[4] = {0, 1, 0, -1};
    *re = c[quarter];
    *im = -s[quarter];
    return;
  }
  const double pi = std::atan(1.0) * 4;
  const double angle = 2 * pi * static_cast<double>(j) / static_cast<double>(period);
  *re = std::cos(angle);
  *im = -std::sin(angle);
}

// Four doubles: one AVX register, two SSE2 ones (GCC/Clang vector types,
// as in fast_conv_base.h).
typedef double V4d __attribute__((vector_size(32)));
inline V4d Load4(const double* p) {
  V4d v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
inline void Store4(double* p, const V4d& v) { std::memcpy(p, &v, sizeof(v)); }

// a, b <- a + w b, a - w b: the butterfly of every stage (one lane).
inline void Butterfly(double& ar, double& ai, double& br, double& bi, double wr, double wi) {
  const double tr = br * wr - bi * wi, ti = br * wi + bi * wr;
  br = ar - tr;
  bi = ai - ti;
  ar = ar + tr;
  ai = ai + ti;
}

// The same on four lanes.
inline void Butterfly4(V4d& ar, V4d& ai, V4d& br, V4d& bi, const V4d& wr, const V4d& wi) {
  const V4d tr = br * wr - bi * wi, ti = br * wi + bi * wr;
  br = ar - tr;
  bi = ai - ti;
  ar = ar + tr;
  ai = ai + ti;
}

// The stage of half-size h over m points: in each block of 2h, point j and
// j + h meet with factor w[j] (w: h real parts, then h imaginary parts).
inline void Stage(int64_t m, int64_t h, const double* w, double* re, double* im) {
  const double* wi = w + h;
  for (int64_t s = 0; s < m; s += 2 * h) {
    if (h % 4 == 0) {
      for (int64_t j = s; j < s + h; j += 4) {
        V4d ar = Load4(re + j), ai = Load4(im + j), br = Load4(re + j + h), bi = Load4(im + j + h);
        Butterfly4(ar, ai, br, bi, Load4(w + j - s), Load4(wi + j - s));
        Store4(re + j, ar), Store4(im + j, ai), Store4(re + j + h, br), Store4(im + j + h, bi);
      }
      continue;
    }
    for (int64_t j = s; j < s + h; ++j)
      Butterfly(re[j], im[j], re[j + h], im[j + h], w[j - s], wi[j - s]);
  }
}

// Stages h and 2h in one pass over blocks of 4h (h % 4 == 0): the same
// butterflies, in the same order per point, as Stage(h) then Stage(2h).
inline void TwoStages(int64_t m, int64_t h, const double* w1, const double* w2, double* re,
                      double* im) {
  const double* w1i = w1 + h;
  const double* w2i = w2 + 2 * h;
  for (int64_t s = 0; s < m; s += 4 * h) {
    for (int64_t j = 0; j < h; j += 4) {
      double* r = re + s + j;
      double* i = im + s + j;
      V4d r0 = Load4(r), i0 = Load4(i), r1 = Load4(r + h), i1 = Load4(i + h);
      V4d r2 = Load4(r + 2 * h), i2 = Load4(i + 2 * h), r3 = Load4(r + 3 * h), i3 = Load4(i + 3 * h);
      const V4d cr = Load4(w1 + j), ci = Load4(w1i + j);
      Butterfly4(r0, i0, r1, i1, cr, ci);  // stage h, first block
      Butterfly4(r2, i2, r3, i3, cr, ci);  // stage h, second block
      Butterfly4(r0, i0, r2, i2, Load4(w2 + j), Load4(w2i + j));          // stage 2h
      Butterfly4(r1, i1, r3, i3, Load4(w2 + j + h), Load4(w2i + j + h));
      Store4(r, r0), Store4(i, i0), Store4(r + h, r1), Store4(i + h, i1);
      Store4(r + 2 * h, r2), Store4(i + 2 * h, i2), Store4(r + 3 * h, r3), Store4(i + 3 * h, i3);
    }
  }
}

}  // namespace fft_internal

// Fills the tables for an n-point transform (n a power of two, n >= 2):
// `factors` holds RealFftFactorCount(n) doubles, `permutation`
// RealFftPermutationCount(n) ints (the bit reversal of j < m).
inline void MakeRealFftTables(int64_t n, double* factors, int32_t* permutation) {
  const int64_t m = n / 2;
  double* f = factors;
  for (int64_t h = 1; h < m; h *= 2) {
    for (int64_t j = 0; j < h; ++j) fft_internal::Factor(j, 2 * h, &f[j], &f[h + j]);
    f += 2 * h;
  }
  for (int64_t k = 0; k < m; ++k) {
    double re, im;
    fft_internal::Factor(k, n, &re, &im);
    f[k] = re;       // cos(2 pi k / n)
    f[m + k] = -im;  // sin(2 pi k / n)
  }
  int bits = 0;
  while ((int64_t{1} << bits) < m) ++bits;
  for (int64_t j = 0; j < m; ++j) {
    int64_t r = 0;
    for (int b = 0; b < bits; ++b) r |= ((j >> b) & 1) << (bits - 1 - b);
    permutation[j] = static_cast<int32_t>(r);
  }
}

// The power spectrum |X[k]|^2, k = 0..n/2, rounded to float, of n real points
// packed by the caller: re[permutation[j]] = x[2j], im[permutation[j]] =
// x[2j+1] for j < n/2. Overwrites re and im; `work` holds n/2 + 1 doubles.
inline void RealFftPower(int64_t n, const double* factors, double* __restrict re,
                         double* __restrict im, double* __restrict work,
                         float* __restrict power) {
  const int64_t m = n / 2;
  // Stages 1 and 2 (factors 1; 1 and -i) as one pass: the products by exact
  // factors equal the plain sums and swaps written here.
  int64_t h = 1;
  if (m >= 4) {
    for (int64_t s = 0; s < m; s += 4) {
      const double r0 = re[s] + re[s + 1], i0 = im[s] + im[s + 1];
      const double r1 = re[s] - re[s + 1], i1 = im[s] - im[s + 1];
      const double r2 = re[s + 2] + re[s + 3], i2 = im[s + 2] + im[s + 3];
      const double r3 = re[s + 2] - re[s + 3], i3 = im[s + 2] - im[s + 3];
      re[s] = r0 + r2;
      im[s] = i0 + i2;
      re[s + 2] = r0 - r2;
      im[s + 2] = i0 - i2;
      re[s + 1] = r1 + i3;  // (r3, i3) * -i = (i3, -r3)
      im[s + 1] = i1 - r3;
      re[s + 3] = r1 - i3;
      im[s + 3] = i1 + r3;
    }
    h = 4;
  }
  const double* f = factors;
  for (int64_t skipped = 1; skipped < h; skipped *= 2) f += 2 * skipped;
  // Then stages in pairs (half as many passes over the data), the last one
  // alone when their count is odd.
  for (; 2 * h < m; h *= 4) {
    fft_internal::TwoStages(m, h, f, f + 2 * h, re, im);
    f += 6 * h;
  }
  if (h < m) {
    fft_internal::Stage(m, h, f, re, im);
    f += 2 * h;
  }
  // E[0] and O[0] are real: X[0] = E + O, X[m] = E - O.
  const double x0 = re[0] + im[0], xm = re[0] - im[0];
  work[0] = x0 * x0;
  work[m] = xm * xm;
  const double* cos_k = f;
  const double* sin_k = f + m;
  const double* re_back = re + m;  // re_back[-k] = re[m - k]
  const double* im_back = im + m;
  for (int64_t k = 1; k < m; ++k) {
    const double ar = re[k], ai = im[k], br = re_back[-k], bi = im_back[-k];
    // E = (Z[k] + conj(Z[m-k])) / 2, O = (Z[k] - conj(Z[m-k])) / 2i.
    const double er = (ar + br) * 0.5, ei = (ai - bi) * 0.5;
    const double o_r = (ai + bi) * 0.5, oi = (br - ar) * 0.5;
    // X = E + (cos - i sin) O.
    const double xr = er + (cos_k[k] * o_r + sin_k[k] * oi);
    const double xi = ei + (cos_k[k] * oi - sin_k[k] * o_r);
    work[k] = xr * xr + xi * xi;
  }
  // A loop of its own: GCC vectorizes neither loop when they are one.
  for (int64_t k = 0; k <= m; ++k) power[k] = static_cast<float>(work[k]);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_REAL_FFT_H_
