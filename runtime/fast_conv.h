// Register-blocked float32 NHWC convolutions that the select-kernels pass
// picks for Conv2D and DepthwiseConv2dNative (compiler/ops/kernels/fast_conv.cc).
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
// Depthwise convolution is in runtime/fast_depthwise.h; what both share,
// and how results stay bit for bit those of rt::Conv, in
// runtime/fast_conv_base.h.
#ifndef TFAOT_RUNTIME_FAST_CONV_H_
#define TFAOT_RUNTIME_FAST_CONV_H_

#include <cstdint>

#include "runtime/conv.h"
#include "runtime/fast_conv_base.h"
#include "runtime/fast_conv_narrow.h"
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {
namespace fast_conv {

// out[oh, ow0 .. ow0+W, P blocks] for P consecutive 16-channel panels from
// `wb` (`pstride` floats apart); only the last may be partial (`nvalid`).
// Several panels per tile share each broadcast input value: with AVX-512 a
// 12 x 2 tile does 24 FMAs per 14 loads where 12 x 1 does 12 per 13.
// `act`: the epilogue's ConvActivation, a run-time value so that every
// activation shares one family of tiles (a model's source compiles once per
// tile, not once per tile and activation).
template <int W, int P = 1, int kXs = 0>
TFAOT_FAST_INLINE void ConvTile(const float* in_n, const float* wb, const V16* bias,
                                float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                                int64_t ow0, int64_t kw0, int64_t kw1, int act,
                                int64_t pstride = 0, int64_t pf = 0) {
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
      // Column j's input is xb[j / 3][(j % 3) * xs]: four moving pointers
      // and one index register (xs, scaled by 4 or 8 bytes) address all 12
      // columns. One pointer per column, or three pointers with index
      // registers xs, 2xs and 3xs, spill general registers when the shape
      // is not a compile-time constant (moves from vector registers in the
      // k loop: im2vec's 8 -> 16 channel layer ran 20% slower in its model).
      static_assert(W <= 12, "four column pointers cover at most 12 columns");
      const float* xb[4] = {x, x + 3 * xs, x + 6 * xs, x + 9 * xs};
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
          const float xv = xb[j / 3][(j % 3) * xs];
#pragma GCC unroll 4
          for (int p = 0; p < P; ++p) acc[p][j] += xv * wv[p];
        }
#pragma GCC unroll 4
        for (int q = 0; q < (W + 2) / 3; ++q) ++xb[q];
      }
    }
  }
#pragma GCC unroll 16
  for (int j = 0; j < W; ++j) {
#pragma GCC unroll 4
    for (int p = 0; p < P; ++p) {
      const V16 v = EpilogueAct(acc[p][j], bias[p], act);
      float* o = out_row + (ow0 + j) * s.out_c + p * kConvBlock;
      if (p < P - 1 || nvalid == kConvBlock)
        Store(o, v);
      else
        StorePartial(o, v, nvalid);
    }
  }
}

// ConvTile<w> for a run-time w in [1, W].
// Widths below kConvTileW / 2 (only a row's interior narrower than that
// makes them) run a column at a time: fewer tiles to compile.
template <int P, int W, int kXs>
inline void ConvTileOfWidth(int64_t w, const float* in_n, const float* wb, const V16* bias,
                            float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                            int64_t ow0, int act, int64_t pstride, int64_t pf) {
  if constexpr (W > 1 && W >= kConvTileW / 2) {
    if (w == W)
      return ConvTile<W, P, kXs>(in_n, wb, bias, out_row, nvalid, s, oh, ow0, 0, s.k_w, act,
                                 pstride, pf);
    ConvTileOfWidth<P, W - 1, kXs>(w, in_n, wb, bias, out_row, nvalid, s, oh, ow0, act, pstride,
                                   pf);
  } else {
    for (int64_t j = 0; j < w; ++j)
      ConvTile<1, P, kXs>(in_n, wb, bias, out_row, nvalid, s, oh, ow0 + j, 0, s.k_w, act, pstride,
                          pf);
  }
}

template <int P>
inline void ConvBorderColumn(const float* in_n, const float* wb, const V16* bias,
                             float* out_row, int64_t nvalid, const ConvShape& s, int64_t oh,
                             int64_t ow, int act, int64_t pstride) {
  int64_t kw0, kw1;
  ClipTaps(ow * s.stride_w - s.pad_w, s.k_w, s.dil_w, s.in_w, &kw0, &kw1);
  ConvTile<1, P>(in_n, wb, bias, out_row, nvalid, s, oh, ow, kw0, kw1, act, pstride);
}

// Columns c0 .. c1 of output row `oh` for panels b .. b+P.
template <int P, int kTileW, int kXs>
inline void ConvPanels(const float* in_n, const float* packed, const float* bias, float* out_oh,
                       const ConvShape& s, int64_t oh, int64_t c0, int64_t c1, int64_t lo,
                       int64_t hi, int64_t b, int64_t panel, int act) {
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
    ConvBorderColumn<P>(in_n, wb, bv, orow, nvalid, s, oh, ow, act, panel);
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
    ConvTileOfWidth<P, kTileW, kXs>(w, in_n, wb, bv, orow, nvalid, s, oh, ow, act, panel, pf);
    ow += w;
  }
  for (; ow < c1; ++ow) ConvBorderColumn<P>(in_n, wb, bv, orow, nvalid, s, oh, ow, act, panel);
}

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

namespace fast_conv {

// Columns per chunk: the chunk's input (about chunk * stride * in_c floats)
// stays in cache while every panel sweeps it.
inline int64_t ConvChunk(const ConvShape& s) {
  const int64_t chunk = 65536 / (s.in_c * s.stride_w + 1);
  return chunk < kConvTileW ? kConvTileW : chunk / kConvTileW * kConvTileW;
}

// Columns c0 .. c1 of output row (n, oh) for panels [b0, b1): groups of
// kConvPanels from b0, then single panels (b0 a multiple of kConvPanels).
// kTileW1: the widest single-panel tile (1 when the emitter knows the panels
// pair up, so the single-panel tiles are not compiled for nothing).
template <int kXs, int kTileW1 = kConvTileW1>
inline void ConvRowPart(const float* in, const float* packed, const float* bias, float* out_oh,
                        const ConvShape& s, int64_t n, int64_t oh, int64_t c0, int64_t c1,
                        int64_t lo, int64_t hi, int64_t b0, int64_t b1, int act) {
  const int64_t panel = s.k_h * s.k_w * s.in_c * kConvBlock;
  const float* in_n = in + n * s.in_h * s.in_w * s.in_c;
  int64_t b = b0;
  for (; b + kConvPanels <= b1; b += kConvPanels)
    ConvPanels<kConvPanels, kConvTileW, kXs>(in_n, packed, bias, out_oh, s, oh, c0, c1, lo, hi, b,
                                             panel, act);
  for (; b < b1; ++b)
    ConvPanels<1, kTileW1, kXs>(in_n, packed, bias, out_oh, s, oh, c0, c1, lo, hi, b, panel, act);
}

}  // namespace fast_conv

// FastConv2D's output rows one at a time, for kernels that consume rows as
// they complete (runtime/fast_conv_pool.h): the same tiles, the same sums.
template <int kAct, int kXs = 0>
class ConvRowWriter {
 public:
  ConvRowWriter(const float* in, const float* packed, const float* bias, const ConvShape& s)
      : in_(in), packed_(packed), bias_(bias), s_(s)
#if defined(__AVX512F__)
        , narrow_(in, packed, bias, s, kAct)
#endif
  {
    fast_conv::InteriorColumns(s, &lo_, &hi_);
  }

  void Row(int64_t n, int64_t oh, float* out_row) {
    using namespace fast_conv;
#if defined(__AVX512F__)
    if (NarrowConvApplies(s_)) return narrow_.Row(n, oh, out_row);
#endif
    const int64_t chunk = ConvChunk(s_), blocks = (s_.out_c + kConvBlock - 1) / kConvBlock;
    for (int64_t c0 = 0; c0 < s_.out_w; c0 += chunk)
      ConvRowPart<kXs>(in_, packed_, bias_, out_row, s_, n, oh, c0,
                       c0 + chunk < s_.out_w ? c0 + chunk : s_.out_w, lo_, hi_, 0, blocks, kAct);
  }

 private:
  const float* in_;
  const float* packed_;
  const float* bias_;
  const ConvShape& s_;
  int64_t lo_ = 0, hi_ = 0;
#if defined(__AVX512F__)
  fast_conv::NarrowConvRowWriter narrow_;
#endif
};

// out = act(conv(in, filter) + bias) for NHWC float32 with one group;
// `packed` as above, `bias` [out_c] or nullptr. kXs > 0: the emitter states
// stride_w * in_c at compile time (a first layer's few colours), so a tile
// addresses its columns at constant offsets; other shapes take kXs = 0.
// With a pool, tasks are (output row, column chunk) pairs, and when those
// are too few to keep the threads busy, ranges of panel groups of them too:
// each output is still computed by the same tile, in the same order.
namespace fast_conv {

template <int kXs, int kTileW1>
TFAOT_FAST_NOINLINE void FastConv2DAnyAct(const float* in, const float* packed, const float* bias,
                                          float* out, const ConvShape& shape, ThreadPool* pool,
                                          int act) {
  if (kXs != 0 && kXs != shape.stride_w * shape.in_c)
    return FastConv2DAnyAct<0, kTileW1>(in, packed, bias, out, shape, pool, act);
#if defined(__AVX512F__)
  if (NarrowConvApplies(shape)) return NarrowConv2D(in, packed, bias, out, shape, pool, act);
#endif
  ConvShape s = shape;
  if (s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_h == 0 &&
      s.pad_w == 0 && s.out_h == s.in_h && s.out_w == s.in_w) {
    s.in_w = s.out_w = s.in_h * s.in_w;
    s.in_h = s.out_h = 1;
  }
  const int64_t blocks = (s.out_c + kConvBlock - 1) / kConvBlock;
  const int64_t groups = (blocks + kConvPanels - 1) / kConvPanels;
  int64_t lo, hi;
  InteriorColumns(s, &lo, &hi);
  const int64_t chunk = ConvChunk(s), chunks = (s.out_w + chunk - 1) / chunk;
  const int64_t items = s.batch * s.out_h * chunks;  // (row, chunk) pairs, in serial order
  const int64_t work = items * chunk * s.out_c * s.k_h * s.k_w * s.in_c;
  const int64_t want = ParallelTaskCount(pool, work, items * groups);
  int64_t parts = 1;  // ranges of panel groups
  while (want > 1 && items * parts < want && parts * 2 <= groups) parts *= 2;
  auto task = [&](int64_t t) {
    const int64_t part = t / items, item = t % items;
    const int64_t row = item / chunks, c0 = item % chunks * chunk;
    const int64_t c1 = c0 + chunk < s.out_w ? c0 + chunk : s.out_w;
    const int64_t b0 = part * groups / parts * kConvPanels;
    const int64_t b1 = part + 1 == parts ? blocks : (part + 1) * groups / parts * kConvPanels;
    ConvRowPart<kXs, kTileW1>(in, packed, bias, out + row * s.out_w * s.out_c, s, row / s.out_h,
                              row % s.out_h, c0, c1, lo, hi, b0, b1, act);
  };
  if (want <= 1) {
    for (int64_t t = 0; t < items; ++t) task(t);
  } else {
    ParallelFor(pool, items * parts, task);
  }
}

}  // namespace fast_conv

// kPairs: the emitter knows the 16-channel panels pair up (ceil(out_c / 16)
// even), so only the paired tiles need compiling (a lone panel would still be
// computed right, a column at a time).
template <int kAct, int kXs = 0, bool kPairs = false>
inline void FastConv2D(const float* in, const float* packed, const float* bias, float* out,
                       const ConvShape& shape, ThreadPool* pool = nullptr) {
  fast_conv::FastConv2DAnyAct<kXs, kPairs ? 1 : fast_conv::kConvTileW1>(in, packed, bias, out,
                                                                         shape, pool, kAct);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_CONV_H_
