// Softmax cross entropy with logits over rows of length n, as TensorFlow's
// xent kernels: loss[r] = sum(labels * (log(sum(exp(l - max))) - (l - max))),
// backprop = softmax(l) - labels. The sparse form takes class indices; an
// index outside [0, n) gives NaN (TensorFlow rejects it).
#ifndef TFAOT_RUNTIME_XENT_H_
#define TFAOT_RUNTIME_XENT_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

namespace xent_internal {

// backprop_row = l - max; returns sum(exp(l - max)).
template <typename T>
inline T Shifted(const T* l, T* backprop_row, int64_t n) {
  T max = l[0];
  for (int64_t j = 1; j < n; ++j) max = l[j] > max ? l[j] : max;
  T sum = T(0);
  for (int64_t j = 0; j < n; ++j) {
    backprop_row[j] = l[j] - max;
    sum += std::exp(backprop_row[j]);
  }
  return sum;
}

}  // namespace xent_internal

template <typename T>
inline void SoftmaxCrossEntropy(const T* logits, const T* labels, T* loss, T* backprop,
                                int64_t rows, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* l = logits + r * n;
    const T* y = labels + r * n;
    T* g = backprop + r * n;
    const T sum = xent_internal::Shifted(l, g, n);
    const T log_sum = std::log(sum);
    T total = T(0);
    for (int64_t j = 0; j < n; ++j) total += y[j] * (log_sum - g[j]);
    loss[r] = total;
    for (int64_t j = 0; j < n; ++j) g[j] = std::exp(g[j]) / sum - y[j];
  }
}

template <typename T, typename Index>
inline void SparseSoftmaxCrossEntropy(const T* logits, const Index* labels, T* loss,
                                      T* backprop, int64_t rows, int64_t n) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* l = logits + r * n;
    T* g = backprop + r * n;
    const int64_t label = static_cast<int64_t>(labels[r]);
    if (label < 0 || label >= n) {
      loss[r] = std::numeric_limits<T>::quiet_NaN();
      for (int64_t j = 0; j < n; ++j) g[j] = std::numeric_limits<T>::quiet_NaN();
      continue;
    }
    const T sum = xent_internal::Shifted(l, g, n);
    loss[r] = std::log(sum) - g[label];
    for (int64_t j = 0; j < n; ++j) g[j] = std::exp(g[j]) / sum - (j == label ? T(1) : T(0));
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_XENT_H_
