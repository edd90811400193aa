// Conv2D for layers of 8 output channels (AVX-512 only): FastConv2D's path
// where NarrowConvApplies, on the packed weights runtime/fast_conv.h describes.
#ifndef TFAOT_RUNTIME_FAST_CONV_NARROW_H_
#define TFAOT_RUNTIME_FAST_CONV_NARROW_H_

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
namespace fast_conv {

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
template <int G>
TFAOT_FAST_INLINE void NarrowConvTile(const float* const* rows, const float* packed,
                                      const float* bias, float* out_row, const ConvShape& s,
                                      int64_t ow0, int act) {
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
      acc[g][oc] = EpilogueAct(acc[g][oc], V16{} + (bias ? bias[oc] : 0.0f), act);
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

// NarrowConv2D's output rows one at a time: keeps the k_h planar rows
// [ci][in_w] the next output rows share (c == 1 reads the input in place).
class NarrowConvRowWriter {
 public:
  NarrowConvRowWriter(const float* in, const float* packed, const float* bias, const ConvShape& s,
                      int act)
      : in_(in), packed_(packed), bias_(bias), s_(s), act_(act) {}

  // Output row (n, oh) into out_row (out_w x 8 floats).
  void Row(int64_t n, int64_t oh, float* out_row) {
    const ConvShape& s = s_;
    const int64_t c = s.in_c, w = s.in_w;
    const float* in_n = in_ + n * s.in_h * w * c;
    if (n != image_) {
      image_ = n;
      for (int64_t k = 0; k < s.k_h; ++k) tag_[k] = -1;
    }
    const float* rows[kNarrowConvMaxKh];
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
        if (tag_[k] == ih) {
          used[k] = true;
          rows[kh] = planar_ + k * c * w;
        }
    }
    for (int64_t kh = 0; kh < s.k_h; ++kh) {
      const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
      if (rows[kh] || ih < 0 || ih >= s.in_h) continue;
      int64_t k = 0;
      while (used[k]) ++k;  // k_h slots, fewer than k_h used
      used[k] = true;
      tag_[k] = ih;
      float* dst = planar_ + k * c * w;
      const float* src = in_n + ih * w * c;
      if (c == 3)  // RGB: a constant stride the compiler vectorizes
        Deinterleave<3>(src, w, c, dst);
      else
        Deinterleave<0>(src, w, c, dst);
      rows[kh] = dst;
    }
    // Tiles of 48 columns; a last tile that would stick out ends at out_w
    // instead, computing some columns again (to the same values).
    const float* packed = packed_;
    const float* bias = bias_;
    int64_t ow = 0;
    for (; ow + 48 <= s.out_w; ow += 48)
      NarrowConvTile<3>(rows, packed, bias, out_row, s, ow, act_);
    while (ow < s.out_w) {
      const int64_t left = s.out_w - ow;
      if (left > 32 && s.out_w >= 48) {
        NarrowConvTile<3>(rows, packed, bias, out_row, s, s.out_w - 48, act_);
        break;
      }
      if (left > 16 && s.out_w >= 32) {
        const int64_t at = ow < s.out_w - 32 ? ow : s.out_w - 32;
        NarrowConvTile<2>(rows, packed, bias, out_row, s, at, act_);
        ow += 32;
        continue;
      }
      NarrowConvTile<1>(rows, packed, bias, out_row, s, ow < s.out_w - 16 ? ow : s.out_w - 16, act_);
      ow += 16;
    }
  }

 private:
  const float* in_;
  const float* packed_;
  const float* bias_;
  const ConvShape& s_;
  const int act_;
  alignas(64) float planar_[kNarrowConvMaxRows];
  int64_t tag_[kNarrowConvMaxKh];  // the input row in each slot, -1: none
  int64_t image_ = -1;
};

// Whole output; with a pool, contiguous ranges of rows per task (each with
// its own planar rows: a row's values do not depend on which task made it).
inline void NarrowConv2D(const float* in, const float* packed, const float* bias, float* out,
                         const ConvShape& s, ThreadPool* pool, int act) {
  const int64_t rows = s.batch * s.out_h;
  const int64_t work = rows * s.out_w * kNarrowConvC * s.k_h * s.k_w * s.in_c;
  ParallelRanges(pool, rows, ParallelTaskCount(pool, work, rows), [&](int64_t r0, int64_t r1) {
    NarrowConvRowWriter writer(in, packed, bias, s, act);
    for (int64_t r = r0; r < r1; ++r)
      writer.Row(r / s.out_h, r % s.out_h, out + r * s.out_w * kNarrowConvC);
  });
}
#endif

}  // namespace fast_conv
}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_CONV_NARROW_H_
