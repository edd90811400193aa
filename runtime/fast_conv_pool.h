// Conv2D (+ bias + activation) followed by a 2-D channels-last MaxPool in one
// kernel: conv output rows go into a ring of the pool's k_h rows and each
// pooled row is taken as soon as its window rows are there, so the conv's
// output never goes to memory (im2vec's first layer writes and reads back
// 1.6 MB otherwise). The conv rows come from ConvRowWriter (FastConv2D's
// tiles) and the pooling from MaxPoolRow (rt::MaxPool's comparisons): results
// equal FastConv2D then MaxPool bit for bit.
#ifndef TFAOT_RUNTIME_FAST_CONV_POOL_H_
#define TFAOT_RUNTIME_FAST_CONV_POOL_H_

#include <cstdint>

#include "runtime/conv.h"
#include "runtime/fast_conv.h"
#include "runtime/isa.h"
#include "runtime/pool.h"
#include "runtime/thread_pool.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// Floats of the ring (on the stack of the thread computing a range of rows),
// and the most window rows a pool may have.
constexpr int64_t kConvPoolMaxRing = 16384;
constexpr int64_t kConvPoolMaxRows = 64;

// Whether FastConvMaxPool2D takes conv `c` followed by pool `p` (the pool's
// input is the conv's output, channels last, 2-D).
inline bool ConvMaxPoolFits(const ConvShape& c, const ConvShape& p) {
  return !p.channels_first && p.in_d == 1 && p.out_d == 1 && p.k_d == 1 && p.pad_d == 0 &&
         p.batch == c.batch && p.in_h == c.out_h && p.in_w == c.out_w && p.in_c == c.out_c &&
         p.k_h >= 1 && p.k_h <= kConvPoolMaxRows && p.k_h * c.out_w * c.out_c <= kConvPoolMaxRing;
}

// out = MaxPool(act(conv(in) + bias)); `conv` and `pool_shape` as for
// FastConv2D and MaxPool. With a pool, tasks are ranges of pooled rows (a
// task recomputes the conv rows its first window shares with the previous
// task's last: same values).
template <int kAct, int kXs = 0>
TFAOT_FAST_NOINLINE void FastConvMaxPool2D(const float* in, const float* packed,
                                           const float* bias, float* out, const ConvShape& conv,
                                           const ConvShape& pool_shape,
                                           ThreadPool* pool = nullptr) {
  const ConvShape& p = pool_shape;
  const int64_t kp = p.k_h, row_floats = conv.out_w * conv.out_c;
  const int64_t rows = p.batch * p.out_h;
  const int64_t work =
      conv.batch * conv.out_h * row_floats * conv.k_h * conv.k_w * conv.in_c;
  ParallelRanges(pool, rows, ParallelTaskCount(pool, work, rows), [&](int64_t r0, int64_t r1) {
    alignas(64) float ring[kConvPoolMaxRing];  // conv row h in slot h % kp
    ConvRowWriter<kAct, kXs> writer(in, packed, bias, conv);
    int64_t image = -1, next = 0;  // conv rows [next - kp, next) of `image` are in the ring
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t n = r / p.out_h, ph = r % p.out_h;
      int64_t h0, h1;
      pool_internal::Clip(ph, p.stride_h, p.pad_h, p.k_h, p.in_h, &h0, &h1);
      if (n != image || next < h0) {
        image = n;
        next = h0;
      }
      for (; next < h1; ++next) writer.Row(n, next, ring + next % kp * row_floats);
      // The window's rows in the ring, found once per pooled row (not once
      // per output and channel block: a division each).
      const float* rows[kConvPoolMaxRows];
      for (int64_t h = h0; h < h1; ++h) rows[h - h0] = ring + h % kp * row_floats;
      MaxPoolRow<float>([&](int64_t h) { return rows[h]; }, h1 - h0, out + r * p.out_w * p.out_c,
                        p);
    }
  });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_FAST_CONV_POOL_H_
