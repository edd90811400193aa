// Register-blocked float32 NHWC convolutions that the select-kernels pass
// picks for Conv2D and DepthwiseConv2dNative (compiler/ops/fast_conv.cc).
//
// Conv2D: weights are packed at compile time into panels of 16 output
// channels, [ceil(out_c/16)][k_h][k_w][in_c][16] (zero-padded), so the
// microkernel reads them sequentially. A tile of kConvTileW output columns x
// kConvPanels panels (AVX-512: 12 x 32 channels, 24 zmm accumulators) lives
// in registers while the kernel loops over kh and the contiguous (kw, ci)
// run; columns whose window leaves the input (padding) take a one-column
// path with a clipped kw range. 1x1 stride-1 unpadded convolutions are one
// GEMM over all pixels (the image seen as a single row). The first pass
// over a panel group prefetches the next group (weights stream from L3).
// With AVX-512, layers of 8 output channels, stride 1 and no padding along
// the width (a first layer's) vectorize over 16 output columns instead (the
// same packed weights; NarrowConv2D), not half-filling each vector.
// Depthwise (multiplier 1): weights [k_h][k_w][ceil(c/16)*16], vectorized
// over 16 channels, several output columns per tile; 3-wide windows of
// stride 1 or 2 load each input vector of a tile row once for all taps.
//
// The epilogue adds a per-channel bias and applies Relu/Relu6. Each output's
// sum runs in (kh, kw, ci) order from zero as `acc += x * w` (vectorized
// across output channels, never reassociated), then + bias: the expression
// rt::Conv and a bias add evaluate, so results match it bit for bit under
// the same compiler flags (GCC contracts both to FMA where the target has it).
// Vectors are GCC/Clang `vector_size` types: 16 floats are one zmm with
// AVX-512, two ymm with AVX2, four xmm otherwise.
#ifndef TFAOT_RUNTIME_FAST_CONV_H_
#define TFAOT_RUNTIME_FAST_CONV_H_

#include <cstdint>
#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "runtime/conv.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {

constexpr int kConvBlock = 16;  // output channels per packed panel
// Largest stride_w * in_c the emitter passes to FastConv2D as kXs.
constexpr int kFastConvMaxStaticXs = 8;

// The epilogue's activation (the template argument of the kernels).
enum ConvActivation { kConvActNone = 0, kConvActRelu = 1, kConvActRelu6 = 2 };

namespace fast_conv {

typedef float V16 __attribute__((vector_size(64)));
typedef float V16U __attribute__((vector_size(64), aligned(4), may_alias));

// Columns per Conv2D tile: accumulators + one weight vector fit the
// register file (32 zmm / 16 ymm / 16 xmm).
// kConvPanels panels of 16 channels per Conv2D tile, kConvTileW columns
// (kConvTileW1 for a lone last panel).
#if defined(__AVX512F__)
constexpr int kConvPanels = 2;
constexpr int kConvTileW = 12;
constexpr int kConvTileW1 = 12;
constexpr int kDwTileW = 8;
#elif defined(__AVX__)
constexpr int kConvPanels = 1;
constexpr int kConvTileW = 6;
constexpr int kConvTileW1 = 6;
constexpr int kDwTileW = 4;
#else
constexpr int kConvPanels = 1;
constexpr int kConvTileW = 3;
constexpr int kConvTileW1 = 3;
constexpr int kDwTileW = 2;
#endif

// The helpers below are always inlined: when GCC leaves a tile out of line,
// a LoadPartial/StorePartial call per vector would cost more than its FMAs.
#define TFAOT_FAST_INLINE inline __attribute__((always_inline))
// The entry points stay out of line and are not cloned per call site: the
// tiles are specialised by template arguments, not by the call site's
// constants, so a model's Run() keeps its inlining budget for the small ops
// around them, the speed of a kernel does not depend on what else the model
// contains, and the generated source compiles once per instantiation.
#define TFAOT_FAST_NOINLINE inline __attribute__((noinline, noclone))

TFAOT_FAST_INLINE V16 Load(const float* p) { return *reinterpret_cast<const V16U*>(p); }
TFAOT_FAST_INLINE void Store(float* p, V16 v) { *reinterpret_cast<V16U*>(p) = v; }
// The first n (< 16) lanes; the others are zero / left untouched.
#if defined(__AVX512F__)
TFAOT_FAST_INLINE V16 LoadPartial(const float* p, int64_t n) {
  return (V16)_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p);
}
TFAOT_FAST_INLINE void StorePartial(float* p, V16 v, int64_t n) {
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), (__m512)v);
}
#else
// (Not forced inline: GCC then contracts the caller's multiply-adds across
// lanes differently from rt::Conv's scalar loop.)
inline V16 LoadPartial(const float* p, int64_t n) {
  float t[kConvBlock] = {};
  for (int64_t i = 0; i < n; ++i) t[i] = p[i];
  V16 v;
  std::memcpy(&v, t, sizeof(v));
  return v;
}
inline void StorePartial(float* p, V16 v, int64_t n) {
  float t[kConvBlock];
  std::memcpy(t, &v, sizeof(v));
  for (int64_t i = 0; i < n; ++i) p[i] = t[i];
}
#endif

template <int kAct>
TFAOT_FAST_INLINE V16 Epilogue(V16 acc, V16 bias) {
  V16 v = acc + bias;
  const V16 zero = V16{};
  if (kAct == kConvActRelu || kAct == kConvActRelu6) v = v < zero ? zero : v;
  if (kAct == kConvActRelu6) {
    const V16 six = zero + 6.0f;
    v = v > six ? six : v;
  }
  return v;
}

// The valid kw taps [*kw0, *kw1) of output column `ow` (contiguous).
inline void ClipTaps(int64_t start, int64_t k, int64_t dil, int64_t size, int64_t* k0,
                     int64_t* k1) {
  int64_t a = 0;
  while (a < k && start + a * dil < 0) ++a;
  int64_t b = k;
  while (b > a && start + (b - 1) * dil >= size) --b;
  *k0 = a;
  *k1 = b;
}

// out[oh, ow0 .. ow0+W, P blocks] for P consecutive 16-channel panels from
// `wb` (`pstride` floats apart); only the last may be partial (`nvalid`).
// Several panels per tile share each broadcast input value: with AVX-512 a
// 12 x 2 tile does 24 FMAs per 14 loads where 12 x 1 does 12 per 13.
template <int W, int kAct, int P = 1, int kXs = 0>
TFAOT_FAST_INLINE void ConvTile(const float* in_n, const float* wb, const V16* bias,
                                float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                                int64_t ow0, int64_t kw0, int64_t kw1, int64_t pstride = 0,
                                int64_t pf = 0) {
  V16 acc[P][W];
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j)
#pragma GCC unroll 4
    for (int p = 0; p < P; ++p) acc[p][j] = V16{};
  const int64_t c = s.in_c, xs = kXs ? kXs : s.stride_w * c;
  for (int64_t kh = 0; kh < s.k_h; ++kh) {
    const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
    if (ih < 0 || ih >= s.in_h) continue;
    const float* xrow = in_n + ih * s.in_w * c;
    // Without dilation the taps kw0 .. kw1 of a column are one contiguous
    // run of (kw1 - kw0) * c inputs, and so are their packed weights: one
    // loop (in the same kw, ci order) instead of kw x ci, which matters
    // when c is small (the first layer's 3 colours).
    const int64_t runs = s.dil_w == 1 ? 1 : kw1 - kw0;
    const int64_t run = s.dil_w == 1 ? (kw1 - kw0) * c : c;
    for (int64_t r = 0; r < runs; ++r) {
      const int64_t kw = kw0 + r;
      const float* x = xrow + (ow0 * s.stride_w - s.pad_w + kw * s.dil_w) * c;
      const float* wp = wb + (kh * s.k_w + kw) * c * kConvBlock;
      // Column j's input is xb[j / 4][(j % 4) * xs]: three moving pointers
      // and the index registers xs, 2xs, 3xs address all 12 columns (one
      // pointer per column would spill general registers when the shape is
      // not a compile-time constant).
      static_assert(W <= 12, "three column pointers cover at most 12 columns");
      const float* xb[3] = {x, x + 4 * xs, x + 8 * xs};
      for (int64_t t = 0; t < run; ++t) {
        V16 wv[P];
#pragma GCC unroll 4
        for (int p = 0; p < P; ++p) {
          wv[p] = Load(wp + p * pstride + t * kConvBlock);
          // pf == 0 re-touches the line just loaded: cheaper than a branch.
          __builtin_prefetch(wp + pf + p * pstride + t * kConvBlock, 0, 2);
        }
#pragma GCC unroll 16
        for (int j = 0; j < W; ++j) {
          const float xv = xb[j / 4][(j % 4) * xs];
#pragma GCC unroll 4
          for (int p = 0; p < P; ++p) acc[p][j] += xv * wv[p];
        }
#pragma GCC unroll 3
        for (int q = 0; q < 3; ++q) ++xb[q];
      }
    }
  }
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) {
#pragma GCC unroll 4
    for (int p = 0; p < P; ++p) {
      const V16 v = Epilogue<kAct>(acc[p][j], bias[p]);
      float* o = out_row + (ow0 + j) * s.out_c + p * kConvBlock;
      if (p < P - 1 || nvalid == kConvBlock)
        Store(o, v);
      else
        StorePartial(o, v, nvalid);
    }
  }
}

// ConvTile<w> for a run-time w in [1, W].
template <int kAct, int P, int W, int kXs>
inline void ConvTileOfWidth(int64_t w, const float* in_n, const float* wb, const V16* bias,
                            float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                            int64_t ow0, int64_t pstride, int64_t pf) {
  if constexpr (W >= 1) {
    if (w == W)
      return ConvTile<W, kAct, P, kXs>(in_n, wb, bias, out_row, nvalid, s, oh, ow0, 0, s.k_w,
                                       pstride, pf);
    ConvTileOfWidth<kAct, P, W - 1, kXs>(w, in_n, wb, bias, out_row, nvalid, s, oh, ow0, pstride,
                                         pf);
  }
}

// First output column whose whole window lies inside the input, and one past
// the last (lo >= hi when there is none).
inline void InteriorColumns(const ConvShape& s, int64_t* lo, int64_t* hi) {
  *lo = (s.pad_w + s.stride_w - 1) / s.stride_w;
  const int64_t last = s.in_w - 1 + s.pad_w - (s.k_w - 1) * s.dil_w;  // ow * stride <= last
  *hi = last < 0 ? 0 : last / s.stride_w + 1;
  if (*hi > s.out_w) *hi = s.out_w;
  if (*lo > s.out_w) *lo = s.out_w;
}

template <int kAct, int P>
inline void ConvBorderColumn(const float* in_n, const float* wb, const V16* bias,
                             float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                             int64_t ow, int64_t pstride) {
  int64_t kw0, kw1;
  ClipTaps(ow * s.stride_w - s.pad_w, s.k_w, s.dil_w, s.in_w, &kw0, &kw1);
  ConvTile<1, kAct, P>(in_n, wb, bias, out_row, nvalid, s, oh, ow, kw0, kw1, pstride);
}

// Columns c0 .. c1 of output row `oh` for panels b .. b+P.
template <int kAct, int P, int kTileW, int kXs>
inline void ConvPanels(const float* in_n, const float* packed, const float* bias, float* out_oh,
                       const ConvShape& s, int64_t oh, int64_t c0, int64_t c1, int64_t lo,
                       int64_t hi, int64_t b, int64_t panel) {
  const float* wb = packed + b * panel;
  const int64_t last = s.out_c - (b + P - 1) * kConvBlock;
  const int64_t nvalid = last < kConvBlock ? last : kConvBlock;
  V16 bv[P];
  for (int p = 0; p < P; ++p) {
    const int64_t n = p < P - 1 ? kConvBlock : nvalid;
    bv[p] = bias ? LoadPartial(bias + (b + p) * kConvBlock, n) : V16{};
  }
  float* orow = out_oh + b * kConvBlock;
  int64_t ow = c0;
  for (; ow < c1 && ow < lo; ++ow)
    ConvBorderColumn<kAct, P>(in_n, wb, bv, orow, nvalid, s, oh, ow, panel);
  const int64_t e = c1 < hi ? c1 : hi;
  // The first pass over these panels (first row, first chunk) also fetches
  // the next group's panels into the cache while it computes: the weights
  // of a layer are usually no longer cached from the previous Run(). Every
  // tile of the pass prefetches (the first alone would queue a whole
  // group's misses at once; later tiles' prefetches hit and cost little).
  const int64_t blocks = (s.out_c + kConvBlock - 1) / kConvBlock;
  const int64_t pf = oh == 0 && c0 == 0 && b + P < blocks ? P * panel : 0;
  // Interior columns in tiles of balanced widths (29 = 10 + 10 + 9, not
  // 12 + 12 + 5 narrow ones: a narrow tile waits on its add latency).
  while (ow < e) {
    const int64_t cols = e - ow, tiles = (cols + kTileW - 1) / kTileW;
    const int64_t w = (cols + tiles - 1) / tiles;
    ConvTileOfWidth<kAct, P, kTileW, kXs>(w, in_n, wb, bv, orow, nvalid, s, oh, ow, panel, pf);
    ow += w;
  }
  for (; ow < c1; ++ow) ConvBorderColumn<kAct, P>(in_n, wb, bv, orow, nvalid, s, oh, ow, panel);
}

#if defined(__AVX512F__)
// Narrow layers (8 output channels, as a first layer's): a Conv2D tile would
// fill half of each 16-lane vector. Instead each vector holds 16 consecutive
// output columns of one channel: acc[g][oc] += x[g] * w(t, oc) over the taps
// t in (kh, kw, ci) order (the same sum per output as rt::Conv), the 16
// columns' inputs of a tap one contiguous load from a channel-planar copy of
// the input row, and the 8 weights of a tap broadcast from the packed panel.
// The epilogue transposes the 8 x 16 tile to NHWC (24 two-source permutes per
// 16 columns). Taken for stride-1 undilated unpadded widths (no padding tap
// to skip) of at least 16 columns whose k_h planar rows fit kNarrowConvMaxRows.
constexpr int kNarrowConvC = 8;
constexpr int kNarrowConvMaxRows = 16384;  // floats of k_h planar input rows (64 KiB)
constexpr int kNarrowConvMaxKh = 16;

inline bool NarrowConvApplies(const ConvShape& s) {
  return s.out_c == kNarrowConvC && s.stride_w == 1 && s.dil_w == 1 && s.pad_w == 0 &&
         s.out_w >= 16 && s.out_w == s.in_w - s.k_w + 1 && s.k_h <= kNarrowConvMaxKh &&
         s.k_h * s.in_c * s.in_w <= kNarrowConvMaxRows;
}

// Lane i is a[idx[i]] for idx[i] < 16, else b[idx[i] - 16] (vpermt2ps).
TFAOT_FAST_INLINE V16 Permute2(V16 a, const int32_t* idx, V16 b) {
  return (V16)_mm512_permutex2var_ps((__m512)a, _mm512_loadu_si512(idx), (__m512)b);
}

// Stores a[oc] (16 columns of channel oc each) as 16 NHWC columns of 8 channels.
TFAOT_FAST_INLINE void StoreTransposed8x16(const V16* a, float* out) {
  // Stage 1: (oc 2q, 2q+1) pairs of columns 0..7 (lo) and 8..15 (hi).
  alignas(64) static constexpr int32_t k1lo[16] = {0, 16, 1, 17, 2, 18, 3, 19,
                                                   4, 20, 5, 21, 6, 22, 7, 23};
  alignas(64) static constexpr int32_t k1hi[16] = {8,  24, 9,  25, 10, 26, 11, 27,
                                                   12, 28, 13, 29, 14, 30, 15, 31};
  // Stage 2: 4 channels of columns 0..3 (a) and 4..7 (b) of a stage-1 half.
  alignas(64) static constexpr int32_t k2a[16] = {0, 1, 16, 17, 2, 3, 18, 19,
                                                  4, 5, 20, 21, 6, 7, 22, 23};
  alignas(64) static constexpr int32_t k2b[16] = {8,  9,  24, 25, 10, 11, 26, 27,
                                                  12, 13, 28, 29, 14, 15, 30, 31};
  // Stage 3: 8 channels of columns 0..1 (a) and 2..3 (b) of a stage-2 quarter.
  alignas(64) static constexpr int32_t k3a[16] = {0, 1, 2,  3,  16, 17, 18, 19,
                                                  4, 5, 6,  7,  20, 21, 22, 23};
  alignas(64) static constexpr int32_t k3b[16] = {8,  9,  10, 11, 24, 25, 26, 27,
                                                  12, 13, 14, 15, 28, 29, 30, 31};
  V16 p[4][2];
#pragma GCC unroll 4
  for (int q = 0; q < 4; ++q) {
    p[q][0] = Permute2(a[2 * q], k1lo, a[2 * q + 1]);
    p[q][1] = Permute2(a[2 * q], k1hi, a[2 * q + 1]);
  }
#pragma GCC unroll 2
  for (int h = 0; h < 2; ++h) {
    const V16 q0a = Permute2(p[0][h], k2a, p[1][h]), q0b = Permute2(p[0][h], k2b, p[1][h]);
    const V16 q1a = Permute2(p[2][h], k2a, p[3][h]), q1b = Permute2(p[2][h], k2b, p[3][h]);
    float* o = out + h * 8 * kNarrowConvC;  // columns h*8 ..
    Store(o + 0 * kConvBlock, Permute2(q0a, k3a, q1a));
    Store(o + 1 * kConvBlock, Permute2(q0a, k3b, q1a));
    Store(o + 2 * kConvBlock, Permute2(q0b, k3a, q1b));
    Store(o + 3 * kConvBlock, Permute2(q0b, k3b, q1b));
  }
}

// Output columns ow0 .. ow0 + 16 * G of one row; rows[kh] is input row
// (oh * stride_h - pad_h + kh * dil_h) as [ci][in_w], or nullptr outside.
template <int G, int kAct>
TFAOT_FAST_INLINE void NarrowConvTile(const float* const* rows, const float* packed,
                                      const float* bias, float* out_row, const ConvShape& s,
                                      int64_t ow0) {
  V16 acc[G][kNarrowConvC];
#pragma GCC unroll 4
  for (int g = 0; g < G; ++g)
#pragma GCC unroll 8
    for (int oc = 0; oc < kNarrowConvC; ++oc) acc[g][oc] = V16{};
  const int64_t c = s.in_c, w = s.in_w;
  for (int64_t kh = 0; kh < s.k_h; ++kh) {
    if (!rows[kh]) continue;
    const float* r = rows[kh] + ow0;
    const float* wp = packed + kh * s.k_w * c * kConvBlock;
    for (int64_t kw = 0; kw < s.k_w; ++kw)
      for (int64_t ci = 0; ci < c; ++ci) {
        const float* x = r + ci * w + kw;
        V16 xv[G];
#pragma GCC unroll 4
        for (int g = 0; g < G; ++g) xv[g] = Load(x + g * kConvBlock);
#pragma GCC unroll 8
        for (int oc = 0; oc < kNarrowConvC; ++oc) {
          const float wv = wp[oc];
#pragma GCC unroll 4
          for (int g = 0; g < G; ++g) acc[g][oc] += xv[g] * wv;
        }
        wp += kConvBlock;
      }
  }
#pragma GCC unroll 4
  for (int g = 0; g < G; ++g) {
#pragma GCC unroll 8
    for (int oc = 0; oc < kNarrowConvC; ++oc)
      acc[g][oc] = Epilogue<kAct>(acc[g][oc], V16{} + (bias ? bias[oc] : 0.0f));
    StoreTransposed8x16(acc[g], out_row + (ow0 + g * kConvBlock) * kNarrowConvC);
  }
}

// dst[ci][x] = src[x][ci] for x < w, ci < c (kC: c, if known at compile time).
template <int kC>
TFAOT_FAST_INLINE void Deinterleave(const float* src, int64_t w, int64_t c, float* dst) {
  const int64_t n = kC ? kC : c;
  for (int64_t ci = 0; ci < n; ++ci) {
    float* d = dst + ci * w;
    const float* p = src + ci;
    for (int64_t x = 0; x < w; ++x) d[x] = p[x * n];
  }
}

template <int kAct>
inline void NarrowConv2D(const float* in, const float* packed, const float* bias, float* out,
                         const ConvShape& s) {
  const int64_t c = s.in_c, w = s.in_w;
  // k_h planar rows [ci][in_w] (c == 1 reads the input rows in place); a
  // row stays for the next output rows whose windows include it.
  alignas(64) float planar[kNarrowConvMaxRows];
  int64_t tag[kNarrowConvMaxKh];  // the input row in each slot, -1: none
  const float* rows[kNarrowConvMaxKh];
  for (int64_t n = 0; n < s.batch; ++n) {
    const float* in_n = in + n * s.in_h * w * c;
    for (int64_t k = 0; k < s.k_h; ++k) tag[k] = -1;
    for (int64_t oh = 0; oh < s.out_h; ++oh) {
      bool used[kNarrowConvMaxKh] = {};
      for (int64_t kh = 0; kh < s.k_h; ++kh) {
        const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
        rows[kh] = nullptr;
        if (ih < 0 || ih >= s.in_h) continue;
        if (c == 1) {
          rows[kh] = in_n + ih * w;
          continue;
        }
        for (int64_t k = 0; k < s.k_h; ++k)
          if (tag[k] == ih) {
            used[k] = true;
            rows[kh] = planar + k * c * w;
          }
      }
      for (int64_t kh = 0; kh < s.k_h; ++kh) {
        const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
        if (rows[kh] || ih < 0 || ih >= s.in_h) continue;
        int64_t k = 0;
        while (used[k]) ++k;  // k_h slots, fewer than k_h used
        used[k] = true;
        tag[k] = ih;
        float* dst = planar + k * c * w;
        const float* src = in_n + ih * w * c;
        if (c == 3)  // RGB: a constant stride the compiler vectorizes
          Deinterleave<3>(src, w, c, dst);
        else
          Deinterleave<0>(src, w, c, dst);
        rows[kh] = dst;
      }
      float* out_row = out + ((n * s.out_h + oh) * s.out_w) * kNarrowConvC;
      // Tiles of 48 columns; a last tile that would stick out ends at out_w
      // instead, computing some columns again (to the same values).
      int64_t ow = 0;
      for (; ow + 48 <= s.out_w; ow += 48)
        NarrowConvTile<3, kAct>(rows, packed, bias, out_row, s, ow);
      while (ow < s.out_w) {
        const int64_t left = s.out_w - ow;
        if (left > 32 && s.out_w >= 48) {
          NarrowConvTile<3, kAct>(rows, packed, bias, out_row, s, s.out_w - 48);
          break;
        }
        if (left > 16 && s.out_w >= 32) {
          const int64_t at = ow < s.out_w - 32 ? ow : s.out_w - 32;
          NarrowConvTile<2, kAct>(rows, packed, bias, out_row, s, at);
          ow += 32;
          continue;
        }
        NarrowConvTile<1, kAct>(rows, packed, bias, out_row, s, ow < s.out_w - 16 ? ow : s.out_w - 16);
        ow += 16;
      }
    }
  }
}
#endif

}  // namespace fast_conv

// Packs a TensorFlow HWIO filter [k_h][k_w][in_c][out_c] into FastConv2D's
// panels (PackedConvFilterSize floats, zero-padded).
inline int64_t PackedConvFilterSize(int64_t k_h, int64_t k_w, int64_t in_c, int64_t out_c) {
  return (out_c + kConvBlock - 1) / kConvBlock * kConvBlock * k_h * k_w * in_c;
}
inline void PackConvFilter(const float* f, int64_t k_h, int64_t k_w, int64_t in_c,
                           int64_t out_c, float* packed) {
  const int64_t taps = k_h * k_w * in_c;
  for (int64_t i = 0; i < PackedConvFilterSize(k_h, k_w, in_c, out_c); ++i) packed[i] = 0.0f;
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t oc = 0; oc < out_c; ++oc)
      packed[((oc / kConvBlock) * taps + t) * kConvBlock + oc % kConvBlock] = f[t * out_c + oc];
}
// Packs a depthwise filter [k_h][k_w][c][1] into [k_h][k_w][ceil(c/16)*16].
inline int64_t PackedDepthwiseFilterSize(int64_t k_h, int64_t k_w, int64_t c) {
  return k_h * k_w * ((c + kConvBlock - 1) / kConvBlock * kConvBlock);
}
inline void PackDepthwiseFilter(const float* f, int64_t k_h, int64_t k_w, int64_t c,
                                float* packed) {
  const int64_t cpad = (c + kConvBlock - 1) / kConvBlock * kConvBlock;
  for (int64_t t = 0; t < k_h * k_w; ++t)
    for (int64_t i = 0; i < cpad; ++i) packed[t * cpad + i] = i < c ? f[t * c + i] : 0.0f;
}

// out = act(conv(in, filter) + bias) for NHWC float32 with one group;
// `packed` as above, `bias` [out_c] or nullptr. kXs > 0: the emitter states
// stride_w * in_c at compile time (a first layer's few colours), so a tile
// addresses its columns at constant offsets; other shapes take kXs = 0.
template <int kAct, int kXs = 0>
TFAOT_FAST_NOINLINE void FastConv2D(const float* in, const float* packed, const float* bias,
                                    float* out, const ConvShape& shape) {
  using namespace fast_conv;
  if (kXs != 0 && kXs != shape.stride_w * shape.in_c)
    return FastConv2D<kAct, 0>(in, packed, bias, out, shape);
#if defined(__AVX512F__)
  if (NarrowConvApplies(shape)) return NarrowConv2D<kAct>(in, packed, bias, out, shape);
#endif
  ConvShape s = shape;
  if (s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_h == 0 &&
      s.pad_w == 0 && s.out_h == s.in_h && s.out_w == s.in_w) {
    s.in_w = s.out_w = s.in_h * s.in_w;
    s.in_h = s.out_h = 1;
  }
  const int64_t blocks = (s.out_c + kConvBlock - 1) / kConvBlock;
  const int64_t panel = s.k_h * s.k_w * s.in_c * kConvBlock;
  int64_t lo, hi;
  InteriorColumns(s, &lo, &hi);
  // Columns per chunk: the chunk's input (about chunk * stride * in_c
  // floats) stays in cache while every panel sweeps it.
  int64_t chunk = 65536 / (s.in_c * s.stride_w + 1);
  chunk = chunk < kConvTileW ? kConvTileW : chunk / kConvTileW * kConvTileW;
  for (int64_t n = 0; n < s.batch; ++n) {
    const float* in_n = in + n * s.in_h * s.in_w * s.in_c;
    for (int64_t oh = 0; oh < s.out_h; ++oh) {
      float* out_oh = out + ((n * s.out_h + oh) * s.out_w) * s.out_c;
      for (int64_t c0 = 0; c0 < s.out_w; c0 += chunk) {
        const int64_t c1 = c0 + chunk < s.out_w ? c0 + chunk : s.out_w;
        int64_t b = 0;
        for (; b + kConvPanels <= blocks; b += kConvPanels)
          ConvPanels<kAct, kConvPanels, kConvTileW, kXs>(in_n, packed, bias, out_oh, s, oh, c0,
                                                         c1, lo, hi, b, panel);
        for (; b < blocks; ++b)
          ConvPanels<kAct, 1, kConvTileW1, kXs>(in_n, packed, bias, out_oh, s, oh, c0, c1, lo,
                                                hi, b, panel);
      }
    }
  }
}

namespace fast_conv {

// Depthwise: out[oh, ow0 .. ow0+W, c0 .. c0+16). kKw > 0: the taps are
// [0, kKw), known at compile time (the interior of 3-wide windows).
template <int W, int kAct, bool kFull, int kKw = 0>
inline void DwTile(const float* in_n, const float* packed, V16 bias, float* out_row,
                   int64_t c0, int64_t nvalid, const ConvShape& s, int64_t oh, int64_t ow0,
                   int64_t kw0, int64_t kw1) {
  const int64_t c = s.in_c, cpad = (c + kConvBlock - 1) / kConvBlock * kConvBlock;
  const int64_t xs = s.stride_w * c;
  V16 acc[W];
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) acc[j] = V16{};
  for (int64_t kh = 0; kh < s.k_h; ++kh) {
    const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
    if (ih < 0 || ih >= s.in_h) continue;
    const float* xrow = in_n + ih * s.in_w * c + c0;
    const int64_t kw_end = kKw > 0 ? kKw : kw1;
#pragma GCC unroll 4
    for (int64_t kw = kKw > 0 ? 0 : kw0; kw < kw_end; ++kw) {
      const float* x = xrow + (ow0 * s.stride_w - s.pad_w + kw * s.dil_w) * c;
      const V16 wv = Load(packed + (kh * s.k_w + kw) * cpad + c0);
#pragma GCC unroll 16
      for (int j = 0; j < W; ++j)
        acc[j] += (kFull ? Load(x + j * xs) : LoadPartial(x + j * xs, nvalid)) * wv;
    }
  }
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) {
    const V16 v = Epilogue<kAct>(acc[j], bias);
    float* o = out_row + (ow0 + j) * c + c0;
    if (kFull)
      Store(o, v);
    else
      StorePartial(o, v, nvalid);
  }
}

// DwTile for a full block of 16 channels, 3-wide windows without dilation and
// stride kS (1 or 2) known at compile time: each row's (W-1)*kS+3 input vectors are loaded once and
// shared by the three taps (DwTile loads 3*W), the same sums in the same
// (kh, kw) order. kEdge: some columns of the tile reach into the padding;
// their taps are skipped, as rt::Conv skips them.
template <int W, int kAct, int kS, bool kEdge>
inline void DwTile3(const float* in_n, const float* packed, V16 bias, float* out_row,
                    int64_t c0, const ConvShape& s, int64_t oh, int64_t ow0) {
  constexpr int kCols = (W - 1) * kS + 3;
  const int64_t c = s.in_c, cpad = (c + kConvBlock - 1) / kConvBlock * kConvBlock;
  const int64_t base = ow0 * kS - s.pad_w;  // input column of xv[0]
  // xv[i] is inside the input for i in [ilo, ihi).
  const int64_t ilo = kEdge && base < 0 ? -base : 0;
  const int64_t ihi = kEdge && base + kCols > s.in_w ? s.in_w - base : kCols;
  V16 acc[W];
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) acc[j] = V16{};
  for (int64_t kh = 0; kh < s.k_h; ++kh) {
    const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
    if (ih < 0 || ih >= s.in_h) continue;
    const float* x = in_n + (ih * s.in_w + base) * c + c0;
    const float* wp = packed + kh * 3 * cpad + c0;
    const V16 w[3] = {Load(wp), Load(wp + cpad), Load(wp + 2 * cpad)};
    V16 xv[kCols];
#pragma GCC unroll 32
    for (int i = 0; i < kCols; ++i) {
      if (kEdge && (i < ilo || i >= ihi)) {
        xv[i] = V16{};
        continue;
      }
      xv[i] = Load(x + i * c);
    }
#pragma GCC unroll 16
    for (int j = 0; j < W; ++j)
#pragma GCC unroll 3
      for (int kw = 0; kw < 3; ++kw) {
        const int i = j * kS + kw;
        if (!kEdge || (i >= ilo && i < ihi)) acc[j] += xv[i] * w[kw];
      }
  }
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) {
    Store(out_row + (ow0 + j) * c + c0, Epilogue<kAct>(acc[j], bias));
  }
}

// Columns ow .. ow+W of a 3-wide depthwise row, across all channel blocks.
template <int W, int kAct, int kS, bool kEdge>
inline void DwColumns3(const float* in_n, const float* packed, const float* bias,
                       float* out_row, const ConvShape& s, int64_t oh, int64_t ow) {
  const int64_t c = s.in_c;
  int64_t c0 = 0;
  for (; c0 + kConvBlock <= c; c0 += kConvBlock) {
    const V16 bv = bias ? Load(bias + c0) : V16{};
    DwTile3<W, kAct, kS, kEdge>(in_n, packed, bv, out_row, c0, s, oh, ow);
  }
  if (c0 < c) {  // a channel tail: column by column (fewer instantiations)
    const V16 bv = bias ? LoadPartial(bias + c0, c - c0) : V16{};
    for (int j = 0; j < W; ++j) {
      int64_t kw0, kw1;
      ClipTaps((ow + j) * kS - s.pad_w, 3, 1, s.in_w, &kw0, &kw1);
      DwTile<1, kAct, false>(in_n, packed, bv, out_row, c0, c - c0, s, oh, ow + j, kw0, kw1);
    }
  }
}

// DwColumns3 for a run-time width w in [1, W].
template <int kAct, int kS, bool kEdge, int W = kDwTileW>
inline void DwColumns3OfWidth(int64_t w, const float* in_n, const float* packed,
                              const float* bias, float* out_row, const ConvShape& s, int64_t oh,
                              int64_t ow) {
  if constexpr (W >= 1) {
    if (w == W) return DwColumns3<W, kAct, kS, kEdge>(in_n, packed, bias, out_row, s, oh, ow);
    DwColumns3OfWidth<kAct, kS, kEdge, W - 1>(w, in_n, packed, bias, out_row, s, oh, ow);
  }
}

// A whole output row of a 3-wide stride-kS depthwise convolution in tiles of
// balanced widths (14 = 7 + 7, not 8 + 2 + 2 + 1 + 1: a narrow tile waits on
// its nine-FMA chains); only tiles that reach into the padding check taps.
template <int kAct, int kS>
inline void DwRow3(const float* in_n, const float* packed, const float* bias, float* out_row,
                   const ConvShape& s, int64_t oh, int64_t lo, int64_t hi) {
  int64_t ow = 0;
  while (ow < s.out_w) {
    const int64_t cols = s.out_w - ow, tiles = (cols + kDwTileW - 1) / kDwTileW;
    const int64_t w = (cols + tiles - 1) / tiles;
    if (ow >= lo && ow + w <= hi)
      DwColumns3OfWidth<kAct, kS, false>(w, in_n, packed, bias, out_row, s, oh, ow);
    else
      DwColumns3OfWidth<kAct, kS, true>(w, in_n, packed, bias, out_row, s, oh, ow);
    ow += w;
  }
}

// Columns ow .. ow+W across all channel blocks: consecutive blocks touch
// consecutive memory (a channel-block-outer order would stride by the row
// pitch, which for wide layers maps every access to the same cache sets).
template <int W, int kAct, int kKw = 0>
inline void DwColumns(const float* in_n, const float* packed, const float* bias,
                      float* out_row, const ConvShape& s, int64_t oh, int64_t ow, int64_t kw0,
                      int64_t kw1) {
  const int64_t c = s.in_c;
  int64_t c0 = 0;
  for (; c0 + kConvBlock <= c; c0 += kConvBlock) {
    const V16 bv = bias ? Load(bias + c0) : V16{};
    DwTile<W, kAct, true, kKw>(in_n, packed, bv, out_row, c0, kConvBlock, s, oh, ow, kw0, kw1);
  }
  if (c0 < c) {
    const V16 bv = bias ? LoadPartial(bias + c0, c - c0) : V16{};
    DwTile<W, kAct, false, kKw>(in_n, packed, bv, out_row, c0, c - c0, s, oh, ow, kw0, kw1);
  }
}

template <int kAct>
inline void DwRow(const float* in_n, const float* packed, const float* bias, float* out_row,
                  const ConvShape& s, int64_t oh, int64_t lo, int64_t hi) {
  int64_t kw0, kw1;
  int64_t ow = 0;
  for (; ow < s.out_w && ow < lo; ++ow) {
    ClipTaps(ow * s.stride_w - s.pad_w, s.k_w, s.dil_w, s.in_w, &kw0, &kw1);
    DwColumns<1, kAct>(in_n, packed, bias, out_row, s, oh, ow, kw0, kw1);
  }
  if (s.k_w == 3) {  // dilated (FastDepthwiseConv2D sends the others to DwRow3)
    for (; ow + kDwTileW <= hi; ow += kDwTileW)
      DwColumns<kDwTileW, kAct, 3>(in_n, packed, bias, out_row, s, oh, ow, 0, 3);
    for (; ow + 2 <= hi; ow += 2)
      DwColumns<2, kAct, 3>(in_n, packed, bias, out_row, s, oh, ow, 0, 3);
  }
  for (; ow + kDwTileW <= hi; ow += kDwTileW)
    DwColumns<kDwTileW, kAct>(in_n, packed, bias, out_row, s, oh, ow, 0, s.k_w);
  for (; ow < hi; ++ow) DwColumns<1, kAct>(in_n, packed, bias, out_row, s, oh, ow, 0, s.k_w);
  for (; ow < s.out_w; ++ow) {
    ClipTaps(ow * s.stride_w - s.pad_w, s.k_w, s.dil_w, s.in_w, &kw0, &kw1);
    DwColumns<1, kAct>(in_n, packed, bias, out_row, s, oh, ow, kw0, kw1);
  }
}

}  // namespace fast_conv

// out = act(depthwise_conv(in, filter) + bias), NHWC float32, multiplier 1
// (in_c == out_c); `packed` [k_h][k_w][ceil(c/16)*16], `bias` [c] or nullptr.
template <int kAct>
TFAOT_FAST_NOINLINE void FastDepthwiseConv2D(const float* in, const float* packed,
                                             const float* bias, float* out, const ConvShape& s) {
  using namespace fast_conv;
  int64_t lo, hi;
  InteriorColumns(s, &lo, &hi);
  const int64_t c = s.in_c;
  for (int64_t n = 0; n < s.batch; ++n) {
    const float* in_n = in + n * s.in_h * s.in_w * c;
    for (int64_t oh = 0; oh < s.out_h; ++oh) {
      float* out_row = out + ((n * s.out_h + oh) * s.out_w) * c;
      if (s.k_w == 3 && s.dil_w == 1 && s.stride_w == 1)
        DwRow3<kAct, 1>(in_n, packed, bias, out_row, s, oh, lo, hi);
      else if (s.k_w == 3 && s.dil_w == 1 && s.stride_w == 2)
        DwRow3<kAct, 2>(in_n, packed, bias, out_row, s, oh, lo, hi);
      else
        DwRow<kAct>(in_n, packed, bias, out_row, s, oh, lo, hi);
    }
  }
}

}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_CONV_H_
