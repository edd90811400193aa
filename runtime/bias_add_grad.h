// BiasAddGrad: the sum over every axis but the channel one, of a tensor seen
// as [outer, channels, inner] (NHWC: inner = 1; NCHW: inner = H*W).
#ifndef TFAOT_RUNTIME_BIAS_ADD_GRAD_H_
#define TFAOT_RUNTIME_BIAS_ADD_GRAD_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void BiasAddGrad(const T* in, T* out, int64_t outer, int64_t channels, int64_t inner) {
  for (int64_t c = 0; c < channels; ++c) out[c] = T(0);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      const T* x = in + (o * channels + c) * inner;
      T sum = T(0);
      for (int64_t i = 0; i < inner; ++i) sum += x[i];
      out[c] += sum;
    }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_BIAS_ADD_GRAD_H_
