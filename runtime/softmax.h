// Softmax and LogSoftmax over the last axis, rows of length n. The row max is
// subtracted first so large logits do not overflow exp().
#ifndef TFAOT_RUNTIME_SOFTMAX_H_
#define TFAOT_RUNTIME_SOFTMAX_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void Softmax(const T* in, T* out, int64_t rows, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = in + r * n;
    T* y = out + r * n;
    T max = x[0];
    for (int64_t j = 1; j < n; ++j) max = x[j] > max ? x[j] : max;
    T sum = T(0);
    for (int64_t j = 0; j < n; ++j) {
      y[j] = std::exp(x[j] - max);
      sum += y[j];
    }
    const T scale = T(1) / sum;
    for (int64_t j = 0; j < n; ++j) y[j] *= scale;
  }
}

template <typename T>
inline void LogSoftmax(const T* in, T* out, int64_t rows, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = in + r * n;
    T* y = out + r * n;
    T max = x[0];
    for (int64_t j = 1; j < n; ++j) max = x[j] > max ? x[j] : max;
    T sum = T(0);
    for (int64_t j = 0; j < n; ++j) sum += std::exp(x[j] - max);
    const T log_sum = std::log(sum);
    for (int64_t j = 0; j < n; ++j) y[j] = x[j] - max - log_sum;
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_SOFTMAX_H_
