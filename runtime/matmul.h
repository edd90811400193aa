// Row-major matrix product C[m,n] = op(A) * op(B), op = optional transpose.
// The inner loop runs over contiguous C and B rows so the compiler vectorizes
// it; sizes are compile-time constants at every generated call site.
#ifndef TFAOT_RUNTIME_MATMUL_H_
#define TFAOT_RUNTIME_MATMUL_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename T>
inline void MatMul(const T* a, const T* b, T* c, int64_t m, int64_t k, int64_t n,
                   bool transpose_a, bool transpose_b) {
  for (int64_t i = 0; i < m * n; ++i) c[i] = T(0);
  for (int64_t i = 0; i < m; ++i) {
    T* c_row = c + i * n;
    for (int64_t p = 0; p < k; ++p) {
      const T a_ip = transpose_a ? a[p * m + i] : a[i * k + p];
      if (transpose_b) {
        for (int64_t j = 0; j < n; ++j) c_row[j] += a_ip * b[j * k + p];
      } else {
        const T* b_row = b + p * n;
        for (int64_t j = 0; j < n; ++j) c_row[j] += a_ip * b_row[j];
      }
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_MATMUL_H_
