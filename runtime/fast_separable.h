// A depthwise convolution followed by a 1x1 (pointwise) Conv2D in one kernel,
// as MobileNet's separable blocks: bands of depthwise output rows go to a
// buffer that stays in L1/L2, and the pointwise convolution runs on each band
// right away, so the depthwise output (1.6 MB at 112x112x32) never goes to
// memory. The rows come from DepthwiseRow (FastDepthwiseConv2D's tiles) and
// the pointwise from FastConv2D over the band's pixels: a 1x1 output sums
// its input channels in order whatever the tiling, so results equal the two
// kernels run one after the other, bit for bit.
#ifndef TFAOT_RUNTIME_FAST_SEPARABLE_H_
#define TFAOT_RUNTIME_FAST_SEPARABLE_H_

#include <cstdint>

#include "runtime/conv.h"
#include "runtime/fast_conv.h"
#include "runtime/fast_depthwise.h"
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// Floats of a band (on the stack of the thread computing it).
constexpr int64_t kSeparableMaxBand = 32768;

// Whether FastDepthwisePointwise takes depthwise `dw` followed by `pw`.
inline bool SeparableFits(const ConvShape& dw, const ConvShape& pw) {
  return pw.k_h == 1 && pw.k_w == 1 && pw.stride_h == 1 && pw.stride_w == 1 && pw.pad_h == 0 &&
         pw.pad_w == 0 && pw.batch == dw.batch && pw.in_h == dw.out_h && pw.in_w == dw.out_w &&
         pw.in_c == dw.out_c && pw.out_h == pw.in_h && pw.out_w == pw.in_w &&
         dw.out_w * dw.out_c <= kSeparableMaxBand;
}

// out = act_pw(pointwise(act_dw(depthwise(in) + dw_bias)) + pw_bias). With a
// pool, tasks are bands. kPairs as for FastConv2D (the pointwise's output
// channels).
template <int kDwAct, int kPwAct, bool kPairs = false>
TFAOT_FAST_NOINLINE void FastDepthwisePointwise(const float* in, const float* dw_packed,
                                                const float* dw_bias, const float* pw_packed,
                                                const float* pw_bias, float* out,
                                                const ConvShape& dw, const ConvShape& pw,
                                                ThreadPool* pool = nullptr) {
  const int64_t row_floats = dw.out_w * dw.out_c;
  int64_t lo, hi;
  fast_conv::InteriorColumns(dw, &lo, &hi);
  const int64_t pixels = dw.batch * dw.out_h * dw.out_w;
  const int64_t work = pixels * dw.out_c * (dw.k_h * dw.k_w + pw.out_c);
  // Bands of balanced heights (28 rows as 4 x 7, not 9 + 9 + 9 + 1); split
  // over threads, as many per image as a multiple of the thread count when
  // that costs at most one more band (8 of 7 rows for 2 threads, not 7 of 8:
  // one thread would wait for the other's fourth). The heights do not change
  // the results: a 1x1 output sums its channels in order whatever the tiling.
  const int64_t max_rows = kSeparableMaxBand / row_floats;
  int64_t per_image = (dw.out_h + max_rows - 1) / max_rows;
  const int64_t threads = pool ? pool->num_threads() : 1;
  if (threads > 1 && ParallelTaskCount(pool, work, dw.batch * per_image) > 1 && dw.batch == 1 &&
      per_image % threads == threads - 1 && per_image + 1 <= dw.out_h)
    ++per_image;
  const int64_t bands = dw.batch * per_image;
  // Depthwise rows of band b into `band`, then the band's pointwise.
  auto run_band = [&](int64_t b, float* band, ThreadPool* pw_pool) {
    const int64_t n = b / per_image, i = b % per_image;
    const int64_t r0 = i * dw.out_h / per_image, r1 = (i + 1) * dw.out_h / per_image;
    for (int64_t r = r0; r < r1; ++r)
      DepthwiseRow<kDwAct>(in, dw_packed, dw_bias, band + (r - r0) * row_floats, dw, n, r, lo, hi);
    ConvShape s = pw;
    s.batch = 1;
    s.in_h = s.out_h = r1 - r0;
    FastConv2D<kPwAct, 0, kPairs>(band, pw_packed, pw_bias,
                                  out + (n * pw.out_h + r0) * pw.out_w * pw.out_c, s, pw_pool);
  };
  // Too few bands to share (7x7x1024 makes 2 of 4 and 3 rows, 14x14 -> 7x7
  // one): the bands run in turn, each band's pointwise split over its output
  // channels by FastConv2D (the depthwise stays serial: with out_c output
  // channels it is 9 / (9 + out_c) of the work, 1% in MobileNet's 7x7 ones).
  const int64_t tasks = ParallelTaskCount(pool, work, bands);
  const bool split_pointwise = tasks > 1 && bands < 2 * threads;
  ThreadPool* const pw_pool = split_pointwise ? pool : nullptr;
  ParallelRanges(pool, bands, split_pointwise ? 1 : tasks, [&](int64_t b0, int64_t b1) {
    alignas(64) float band[kSeparableMaxBand];
    for (int64_t b = b0; b < b1; ++b) run_band(b, band, pw_pool);
  });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_FAST_SEPARABLE_H_
