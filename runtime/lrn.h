// Local response normalization over the last (depth) axis, as TensorFlow's
// CPU kernel: out = in * (bias + alpha * sum_{|k-d|<=r} in_k^2)^-beta, with the
// beta == 1 and beta == 0.5 cases computed by division and sqrt.
#ifndef TFAOT_RUNTIME_LRN_H_
#define TFAOT_RUNTIME_LRN_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void Lrn(const T* in, T* out, int64_t rows, int64_t depth, int64_t radius, T bias,
                T alpha, T beta) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = in + r * depth;
    T* y = out + r * depth;
    for (int64_t d = 0; d < depth; ++d) {
      const int64_t lo = d - radius < 0 ? 0 : d - radius;
      const int64_t hi = d + radius + 1 > depth ? depth : d + radius + 1;
      T sum = T(0);
      for (int64_t k = lo; k < hi; ++k) sum += x[k] * x[k];
      const T t = sum * alpha + bias;
      if (beta == T(1))
        y[d] = x[d] * (T(1) / t);
      else if (beta == T(0.5))
        y[d] = x[d] * (T(1) / std::sqrt(t));
      else
        y[d] = x[d] * std::exp(std::log(t) * -beta);
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_LRN_H_
