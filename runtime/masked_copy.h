// Copies where each element's source depends on its position: MatrixBandPart
// (keep a band of each matrix, zero the rest) and ReverseSequence (reverse
// the first lengths[b] entries along the sequence axis of batch entry b).
#ifndef TFAOT_RUNTIME_MASKED_COPY_H_
#define TFAOT_RUNTIME_MASKED_COPY_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// in/out [batch, m, n]: out[b, i, j] = in[b, i, j] when (lower < 0 or
// i - j <= lower) and (upper < 0 or j - i <= upper), else 0.
template <typename T>
inline void BandPart(const T* in, T* out, int64_t batch, int64_t m, int64_t n, int64_t lower,
                     int64_t upper) {
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t i = 0; i < m; ++i) {
      const T* src = in + (b * m + i) * n;
      T* dst = out + (b * m + i) * n;
      for (int64_t j = 0; j < n; ++j) {
        const bool keep = (lower < 0 || i - j <= lower) && (upper < 0 || j - i <= upper);
        dst[j] = keep ? src[j] : T{};
      }
    }
  }
}

// in/out of `total` elements; the batch index of flat position p is
// (p / batch_stride) % batch_size, its sequence index (p / seq_stride) %
// seq_size. Lengths are clamped to [0, seq_size].
template <typename T, typename I>
inline void ReverseSequence(const T* in, const I* lengths, T* out, int64_t total,
                            int64_t batch_stride, int64_t batch_size, int64_t seq_stride,
                            int64_t seq_size) {
  for (int64_t p = 0; p < total; ++p) {
    const int64_t b = p / batch_stride % batch_size;
    const int64_t s = p / seq_stride % seq_size;
    int64_t len = static_cast<int64_t>(lengths[b]);
    len = len < 0 ? 0 : len > seq_size ? seq_size : len;
    out[p] = s < len ? in[p + (len - 1 - 2 * s) * seq_stride] : in[p];
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_MASKED_COPY_H_
