// Grayscale morphological dilation (Dilation2D) on NHWC images with a
// [kh, kw, C] structuring function: out = max over the window of
// in + filter; taps in the padding are skipped. Geometry as ConvShape
// (in_c == out_c; dil_* are the rates).
#ifndef TFAOT_RUNTIME_DILATION_H_
#define TFAOT_RUNTIME_DILATION_H_

#include <cstdint>
#include <limits>

#include "runtime/conv.h"
#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void Dilation2D(const T* in, const T* filter, T* out, const ConvShape& s) {
  const int64_t c_n = s.in_c;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oh = 0; oh < s.out_h; ++oh)
      for (int64_t ow = 0; ow < s.out_w; ++ow) {
        T* o = out + ((n * s.out_h + oh) * s.out_w + ow) * c_n;
        for (int64_t c = 0; c < c_n; ++c) o[c] = std::numeric_limits<T>::lowest();
        for (int64_t kh = 0; kh < s.k_h; ++kh) {
          const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
          if (ih < 0 || ih >= s.in_h) continue;
          for (int64_t kw = 0; kw < s.k_w; ++kw) {
            const int64_t iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
            if (iw < 0 || iw >= s.in_w) continue;
            const T* x = in + ((n * s.in_h + ih) * s.in_w + iw) * c_n;
            const T* f = filter + (kh * s.k_w + kw) * c_n;
            for (int64_t c = 0; c < c_n; ++c) {
              const T v = x[c] + f[c];
              o[c] = v > o[c] ? v : o[c];
            }
          }
        }
      }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_DILATION_H_
