// Register-blocked float32 NHWC depthwise convolution (multiplier 1) that the
// select-kernels pass picks for DepthwiseConv2dNative (compiler/ops/kernels/
// fast_conv.cc): weights [k_h][k_w][ceil(c/16)*16], vectorized over 16
// channels, several output columns per tile; 3-wide windows of stride 1 or 2
// load each input vector of a tile row once for all taps. Numerics as
// runtime/fast_conv_base.h says: bit for bit rt::Conv's sum, then the bias.
#ifndef TFAOT_RUNTIME_FAST_DEPTHWISE_H_
#define TFAOT_RUNTIME_FAST_DEPTHWISE_H_

#include <cstdint>

#include "runtime/conv.h"
#include "runtime/fast_conv_base.h"
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

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
// Widths below kDwTileW / 2 (only rows narrower than that make them) run a
// column at a time: fewer tiles to compile.
template <int kAct, int kS, bool kEdge, int W = kDwTileW>
inline void DwColumns3OfWidth(int64_t w, const float* in_n, const float* packed,
                              const float* bias, float* out_row, const ConvShape& s, int64_t oh,
                              int64_t ow) {
  if constexpr (W > 1 && W >= kDwTileW / 2) {
    if (w == W) return DwColumns3<W, kAct, kS, kEdge>(in_n, packed, bias, out_row, s, oh, ow);
    DwColumns3OfWidth<kAct, kS, kEdge, W - 1>(w, in_n, packed, bias, out_row, s, oh, ow);
  } else {
    for (int64_t j = 0; j < w; ++j)
      DwColumns3<1, kAct, kS, kEdge>(in_n, packed, bias, out_row, s, oh, ow + j);
  }
}

// A whole output row of a 3-wide stride-kS depthwise convolution: the
// columns whose window reaches into the padding one at a time (checking
// taps), the others in tiles of balanced widths (14 = 7 + 7, not 8 + 2 + 2 +
// 1 + 1: a narrow tile waits on its nine-FMA chains). Out of line: the
// depthwise kernel and the depthwise + pointwise one share it.
template <int kAct, int kS>
TFAOT_FAST_NOINLINE void DwRow3(const float* in_n, const float* packed, const float* bias,
                                float* out_row, const ConvShape& s, int64_t oh, int64_t lo,
                                int64_t hi) {
  const int64_t e = hi > lo ? hi : lo;
  int64_t ow = 0;
  for (; ow < s.out_w && ow < lo; ++ow)
    DwColumns3<1, kAct, kS, true>(in_n, packed, bias, out_row, s, oh, ow);
  while (ow < e) {
    const int64_t cols = e - ow, tiles = (cols + kDwTileW - 1) / kDwTileW;
    const int64_t w = (cols + tiles - 1) / tiles;
    DwColumns3OfWidth<kAct, kS, false>(w, in_n, packed, bias, out_row, s, oh, ow);
    ow += w;
  }
  for (; ow < s.out_w; ++ow) DwColumns3<1, kAct, kS, true>(in_n, packed, bias, out_row, s, oh, ow);
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
TFAOT_FAST_NOINLINE void DwRow(const float* in_n, const float* packed, const float* bias,
                               float* out_row, const ConvShape& s, int64_t oh, int64_t lo,
                               int64_t hi) {
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

// Output row (n, oh) of the depthwise convolution into out_row (out_w x c);
// lo, hi: InteriorColumns(s).
template <int kAct>
inline void DepthwiseRow(const float* in, const float* packed, const float* bias,
                         float* out_row, const ConvShape& s, int64_t n, int64_t oh, int64_t lo,
                         int64_t hi) {
  using namespace fast_conv;
  const float* in_n = in + n * s.in_h * s.in_w * s.in_c;
  if (s.k_w == 3 && s.dil_w == 1 && s.stride_w == 1)
    DwRow3<kAct, 1>(in_n, packed, bias, out_row, s, oh, lo, hi);
  else if (s.k_w == 3 && s.dil_w == 1 && s.stride_w == 2)
    DwRow3<kAct, 2>(in_n, packed, bias, out_row, s, oh, lo, hi);
  else
    DwRow<kAct>(in_n, packed, bias, out_row, s, oh, lo, hi);
}

// out = act(depthwise_conv(in, filter) + bias), NHWC float32, multiplier 1
// (in_c == out_c); `packed` [k_h][k_w][ceil(c/16)*16], `bias` [c] or nullptr.
// With a pool, tasks are ranges of output rows.
template <int kAct>
TFAOT_FAST_NOINLINE void FastDepthwiseConv2D(const float* in, const float* packed,
                                             const float* bias, float* out, const ConvShape& s,
                                             ThreadPool* pool = nullptr) {
  int64_t lo, hi;
  fast_conv::InteriorColumns(s, &lo, &hi);
  const int64_t rows = s.batch * s.out_h, row_floats = s.out_w * s.in_c;
  const int64_t work = rows * row_floats * s.k_h * s.k_w;
  ParallelRanges(pool, rows, ParallelTaskCount(pool, work, rows), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r)
      DepthwiseRow<kAct>(in, packed, bias, out + r * row_floats, s, r / s.out_h, r % s.out_h, lo,
                         hi);
  });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_DEPTHWISE_H_
