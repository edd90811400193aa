// The matrix-vector product the select-kernels pass picks for MatMul with one
// row (compiler/ops/kernels/fast_matmul.cc): c[1,n] = act(a[1,k] * B[k,n] + bias).
// B is packed at compile time into panels of 64 columns, [ceil(n/64)][k][64]
// (zero-padded), read sequentially while 64 sums stay in registers. Sums run
// over k in order from zero, then + bias (as rt::MatMul and a bias add).
#ifndef TFAOT_RUNTIME_FAST_GEMV_H_
#define TFAOT_RUNTIME_FAST_GEMV_H_

#include <cstdint>

#include "runtime/fast_conv.h"
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

constexpr int kGemvPanel = 64;  // columns per packed panel (4 vectors of 16)

inline int64_t PackedGemvSize(int64_t k, int64_t n) {
  return (n + kGemvPanel - 1) / kGemvPanel * kGemvPanel * k;
}

// Panels [p0, p1): columns p0 * 64 .. min(p1 * 64, n).
template <int kAct>
inline void GemvPanels(const float* a, const float* packed, const float* bias, float* c,
                       int64_t k, int64_t n, int64_t p0, int64_t p1) {
  using namespace fast_conv;
  constexpr int kVecs = kGemvPanel / kConvBlock;
  for (int64_t j0 = p0 * kGemvPanel; j0 < n && j0 < p1 * kGemvPanel; j0 += kGemvPanel) {
    const float* w = packed + (j0 / kGemvPanel) * k * kGemvPanel;
    V16 acc[kVecs];
#pragma GCC unroll 4
    for (int q = 0; q < kVecs; ++q) acc[q] = V16{};
    for (int64_t p = 0; p < k; ++p) {
      const float x = a[p];
#pragma GCC unroll 4
      for (int q = 0; q < kVecs; ++q) acc[q] += x * Load(w + p * kGemvPanel + q * kConvBlock);
    }
    for (int q = 0; q < kVecs; ++q) {
      const int64_t col = j0 + q * kConvBlock;
      if (col >= n) break;
      const int64_t nvalid = n - col < kConvBlock ? n - col : kConvBlock;
      const V16 bv = bias ? LoadPartial(bias + col, nvalid) : V16{};
      const V16 v = Epilogue<kAct>(acc[q], bv);
      if (nvalid == kConvBlock)
        Store(c + col, v);
      else
        StorePartial(c + col, v, nvalid);
    }
  }
}

// B is [k][n], or [n][k] when transpose_b.
inline void PackGemvWeights(const float* b, int64_t k, int64_t n, bool transpose_b,
                            float* packed) {
  for (int64_t i = 0; i < PackedGemvSize(k, n); ++i) packed[i] = 0.0f;
  for (int64_t p = 0; p < k; ++p)
    for (int64_t j = 0; j < n; ++j)
      packed[((j / kGemvPanel) * k + p) * kGemvPanel + j % kGemvPanel] =
          transpose_b ? b[j * k + p] : b[p * n + j];
}

// With a pool, tasks are ranges of 64-column panels (each reads its own
// part of the weights). A multiply-add here streams its weight from L2 or
// L3, about 8 times the cost of one in a convolution: the work counts so.
template <int kAct>
inline void FastGemv(const float* a, const float* packed, const float* bias, float* c, int64_t k,
                     int64_t n, ThreadPool* pool = nullptr) {
  const int64_t panels = (n + kGemvPanel - 1) / kGemvPanel;
  ParallelRanges(pool, panels, ParallelTaskCount(pool, panels * kGemvPanel * k * 8, panels),
                 [&](int64_t p0, int64_t p1) { GemvPanels<kAct>(a, packed, bias, c, k, n, p0, p1); });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_GEMV_H_
