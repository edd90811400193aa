// BiasAdd with the bias along a middle axis (NCHW): out[o][c][i] = in + bias[c].
// NHWC BiasAdd is rewritten into a fusable Add before code generation.
#ifndef TFAOT_RUNTIME_BIAS_ADD_H_
#define TFAOT_RUNTIME_BIAS_ADD_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void BiasAdd(const T* in, const T* bias, T* out, int64_t outer, int64_t channels,
                    int64_t inner) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t base = (o * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) out[base + i] = in[base + i] + bias[c];
    }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_BIAS_ADD_H_
