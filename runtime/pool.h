// Max and average pooling over up to three spatial dimensions (2-D: depth 1),
// channels-last or channels-first, with the window geometry of ConvShape
// (in_c == out_c, groups unused). Padding never takes part: MaxPool ignores
// it and AvgPool divides by the number of input elements in the window, as
// TensorFlow does. For channels-last the innermost loop runs over channels.
#ifndef TFAOT_RUNTIME_POOL_H_
#define TFAOT_RUNTIME_POOL_H_

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "runtime/conv.h"
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

namespace pool_internal {

inline void Clip(int64_t o, int64_t stride, int64_t pad, int64_t k, int64_t n, int64_t* begin,
                 int64_t* end) {
  const int64_t start = o * stride - pad;
  *begin = start < 0 ? 0 : start;
  *end = start + k > n ? n : start + k;
}

template <typename T, bool kMax>
inline void Pool(const T* in, T* out, const ConvShape& s) {
  const ActStrides is = MakeActStrides(s.in_d, s.in_h, s.in_w, s.in_c, s.channels_first);
  const ActStrides os = MakeActStrides(s.out_d, s.out_h, s.out_w, s.out_c, s.channels_first);
  const int64_t c_n = s.out_c;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t od = 0; od < s.out_d; ++od)
      for (int64_t oh = 0; oh < s.out_h; ++oh)
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          int64_t d0, d1, h0, h1, w0, w1;
          Clip(od, s.stride_d, s.pad_d, s.k_d, s.in_d, &d0, &d1);
          Clip(oh, s.stride_h, s.pad_h, s.k_h, s.in_h, &h0, &h1);
          Clip(ow, s.stride_w, s.pad_w, s.k_w, s.in_w, &w0, &w1);
          T* o = out + n * os.n + od * os.d + oh * os.h + ow * os.w;
          const T init = kMax ? std::numeric_limits<T>::lowest() : T(0);
          for (int64_t c = 0; c < c_n; ++c) o[c * os.c] = init;
          for (int64_t d = d0; d < d1; ++d)
            for (int64_t h = h0; h < h1; ++h)
              for (int64_t w = w0; w < w1; ++w) {
                const T* x = in + n * is.n + d * is.d + h * is.h + w * is.w;
                if (os.c == 1 && is.c == 1) {
                  for (int64_t c = 0; c < c_n; ++c) {
                    if (kMax)
                      o[c] = x[c] > o[c] ? x[c] : o[c];
                    else
                      o[c] += x[c];
                  }
                } else {
                  for (int64_t c = 0; c < c_n; ++c) {
                    T& acc = o[c * os.c];
                    const T v = x[c * is.c];
                    if (kMax)
                      acc = v > acc ? v : acc;
                    else
                      acc += v;
                  }
                }
              }
          if (!kMax) {
            const int64_t count = (d1 - d0) * (h1 - h0) * (w1 - w0);
            if (count > 0)
              for (int64_t c = 0; c < c_n; ++c) o[c * os.c] /= static_cast<T>(count);
          }
        }
}

// Max of one output's window over channels [c0, c0 + n) (n <= 16; kB > 0:
// n == kB, known at compile time), the window in Pool's (h, w) order, so
// the same comparisons; row_at(h) is the window's h-th input row (channels
// last). Float blocks of 8 or 16 channels are one vector (`x > acc ? x :
// acc` per lane is a vector max).
template <typename T, int kB, typename RowAt>
inline void MaxWindow(const RowAt& row_at, T* o, int64_t col, int64_t nrows, int64_t w0,
                      int64_t w1, int64_t c0, int64_t n) {
  if constexpr (std::is_same_v<T, float> && kB > 0) {
    typedef float V __attribute__((vector_size(kB * sizeof(float))));
    V acc = V{} + std::numeric_limits<float>::lowest();
    for (int64_t h = 0; h < nrows; ++h) {
      const T* r = row_at(h);
      for (int64_t w = w0; w < w1; ++w) {
        V x;
        std::memcpy(&x, r + w * col + c0, sizeof(x));
        acc = x > acc ? x : acc;
      }
    }
    std::memcpy(o + c0, &acc, sizeof(acc));
  } else {
    T acc[16];
    for (int64_t c = 0; c < n; ++c) acc[c] = std::numeric_limits<T>::lowest();
    for (int64_t h = 0; h < nrows; ++h) {
      const T* r = row_at(h);
      for (int64_t w = w0; w < w1; ++w) {
        const T* x = r + w * col + c0;
        for (int64_t c = 0; c < n; ++c) acc[c] = x[c] > acc[c] ? x[c] : acc[c];
      }
    }
    for (int64_t c = 0; c < n; ++c) o[c0 + c] = acc[c];
  }
}

// MaxWindow<float, kB> of a whole 2x2 window whose rows start at r0 and r1
// (columns `col` floats apart): the same four comparisons in the same order.
template <int kB>
inline void MaxWindow2x2(const float* r0, const float* r1, int64_t col, float* o) {
  typedef float V __attribute__((vector_size(kB * sizeof(float))));
  V acc = V{} + std::numeric_limits<float>::lowest(), x;
  for (const float* p : {r0, r0 + col, r1, r1 + col}) {
    std::memcpy(&x, p, sizeof(x));
    acc = x > acc ? x : acc;
  }
  std::memcpy(o, &acc, sizeof(acc));
}

}  // namespace pool_internal

// One output row of a 2-D channels-last MaxPool: row_at(h) for h in
// [0, nrows) are the input rows of its window (clipped to the input), in
// order; out_row is out_w x c. Blocks of 16 and 8 channels.
template <typename T, typename RowAt>
inline void MaxPoolRow(const RowAt& row_at, int64_t nrows, T* out_row, const ConvShape& s) {
  const int64_t c_n = s.out_c;
  int64_t ow = 0;
  if constexpr (std::is_same_v<T, float>) {
    // The common 2x2 stride-2 window, whole: its four inputs unrolled (the
    // loops over a run-time window cost more than its four vector maxes).
    if (nrows == 2 && s.k_w == 2 && s.stride_w == 2 && s.pad_w == 0 && c_n % 8 == 0) {
      const int64_t whole = s.in_w / 2 < s.out_w ? s.in_w / 2 : s.out_w;
      const float *r0 = row_at(0), *r1 = row_at(1);
      for (; ow < whole; ++ow) {
        const int64_t at = 2 * ow * c_n;
        int64_t c0 = 0;
        for (; c0 + 16 <= c_n; c0 += 16)
          pool_internal::MaxWindow2x2<16>(r0 + at + c0, r1 + at + c0, c_n, out_row + ow * c_n + c0);
        if (c0 < c_n)
          pool_internal::MaxWindow2x2<8>(r0 + at + c0, r1 + at + c0, c_n, out_row + ow * c_n + c0);
      }
    }
  }
  for (; ow < s.out_w; ++ow) {
    int64_t w0, w1;
    pool_internal::Clip(ow, s.stride_w, s.pad_w, s.k_w, s.in_w, &w0, &w1);
    T* o = out_row + ow * c_n;
    int64_t c0 = 0;
    for (; c0 + 16 <= c_n; c0 += 16)
      pool_internal::MaxWindow<T, 16>(row_at, o, c_n, nrows, w0, w1, c0, 16);
    if (c0 + 8 <= c_n) {
      pool_internal::MaxWindow<T, 8>(row_at, o, c_n, nrows, w0, w1, c0, 8);
      c0 += 8;
    }
    if (c0 < c_n) pool_internal::MaxWindow<T, 0>(row_at, o, c_n, nrows, w0, w1, c0, c_n - c0);
  }
}

namespace pool_internal {

// Pool<T, true> for 2-D channels-last inputs, a row at a time; with a pool,
// ranges of output rows per task.
template <typename T>
inline void MaxPool2DChannelsLast(const T* in, T* out, const ConvShape& s, ThreadPool* pool) {
  const int64_t c_n = s.out_c, row = s.in_w * c_n, rows = s.batch * s.out_h;
  const int64_t work = rows * s.out_w * c_n * s.k_h * s.k_w;
  ParallelRanges(pool, rows, ParallelTaskCount(pool, work, rows), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t n = r / s.out_h, oh = r % s.out_h;
      int64_t h0, h1;
      Clip(oh, s.stride_h, s.pad_h, s.k_h, s.in_h, &h0, &h1);
      const T* first = in + (n * s.in_h + h0) * row;
      MaxPoolRow<T>([&](int64_t h) { return first + h * row; }, h1 - h0,
                    out + r * s.out_w * c_n, s);
    }
  });
}

}  // namespace pool_internal

template <typename T>
inline void MaxPool(const T* in, T* out, const ConvShape& s, ThreadPool* pool = nullptr) {
  if (!s.channels_first && s.in_d == 1 && s.out_d == 1 && s.k_d == 1 && s.pad_d == 0)
    return pool_internal::MaxPool2DChannelsLast<T>(in, out, s, pool);
  pool_internal::Pool<T, true>(in, out, s);
}

template <typename T>
inline void AvgPool(const T* in, T* out, const ConvShape& s) {
  pool_internal::Pool<T, false>(in, out, s);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_POOL_H_
