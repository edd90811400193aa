// Small dense linear algebra on batches of square row-major matrices:
// LU factorization with partial pivoting (as Eigen's PartialPivLU, which
// TensorFlow uses), determinant and inverse; and the 3-vector cross product.
// The *Work forms take an n*n work buffer; the templated forms put it on the
// stack, sized by the compile-time N of the generated call.
#ifndef TFAOT_RUNTIME_LINALG_H_
#define TFAOT_RUNTIME_LINALG_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

namespace linalg_internal {

// Factors `lu` (n*n, in place) as P*A = L*U, L unit lower. Row swaps are
// applied to `rows` (n*m, may be null) too. Returns the permutation's sign.
template <typename T>
inline int LuInPlace(T* lu, int64_t n, T* rows, int64_t m) {
  int sign = 1;
  for (int64_t k = 0; k < n; ++k) {
    int64_t p = k;
    T best = std::abs(lu[k * n + k]);
    for (int64_t i = k + 1; i < n; ++i) {
      const T v = std::abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p != k) {
      sign = -sign;
      for (int64_t j = 0; j < n; ++j) {
        const T t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      if (rows)
        for (int64_t j = 0; j < m; ++j) {
          const T t = rows[k * m + j];
          rows[k * m + j] = rows[p * m + j];
          rows[p * m + j] = t;
        }
    }
    const T pivot = lu[k * n + k];
    if (pivot == T(0)) continue;
    for (int64_t i = k + 1; i < n; ++i) {
      const T l = lu[i * n + k] / pivot;
      lu[i * n + k] = l;
      for (int64_t j = k + 1; j < n; ++j) lu[i * n + j] -= l * lu[k * n + j];
    }
  }
  return sign;
}

}  // namespace linalg_internal

template <typename T>
inline void MatrixDeterminantWork(const T* in, T* out, int64_t batch, int64_t n, T* work) {
  for (int64_t b = 0; b < batch; ++b) {
    const T* a = in + b * n * n;
    for (int64_t i = 0; i < n * n; ++i) work[i] = a[i];
    const int sign = linalg_internal::LuInPlace<T>(work, n, nullptr, 0);
    T det = T(sign);
    for (int64_t i = 0; i < n; ++i) det *= work[i * n + i];
    out[b] = det;
  }
}

// out = inverse(A) (or of A^T when adjoint). A singular matrix gives inf/nan.
template <typename T>
inline void MatrixInverseWork(const T* in, T* out, int64_t batch, int64_t n, bool adjoint,
                              T* work) {
  for (int64_t b = 0; b < batch; ++b) {
    const T* a = in + b * n * n;
    T* x = out + b * n * n;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        work[i * n + j] = adjoint ? a[j * n + i] : a[i * n + j];
        x[i * n + j] = i == j ? T(1) : T(0);
      }
    linalg_internal::LuInPlace<T>(work, n, x, n);  // x = P * I
    // Forward substitution with unit L, then back substitution with U, on
    // all columns of x at once (row operations keep the inner loop contiguous).
    for (int64_t i = 0; i < n; ++i)
      for (int64_t k = 0; k < i; ++k) {
        const T l = work[i * n + k];
        for (int64_t j = 0; j < n; ++j) x[i * n + j] -= l * x[k * n + j];
      }
    for (int64_t i = n - 1; i >= 0; --i) {
      for (int64_t k = i + 1; k < n; ++k) {
        const T u = work[i * n + k];
        for (int64_t j = 0; j < n; ++j) x[i * n + j] -= u * x[k * n + j];
      }
      const T d = work[i * n + i];
      for (int64_t j = 0; j < n; ++j) x[i * n + j] /= d;
    }
  }
}

template <typename T, int64_t N>
inline void MatrixDeterminant(const T* in, T* out, int64_t batch) {
  T work[N * N > 0 ? N * N : 1];
  MatrixDeterminantWork<T>(in, out, batch, N, work);
}

template <typename T, int64_t N>
inline void MatrixInverse(const T* in, T* out, int64_t batch, bool adjoint) {
  T work[N * N > 0 ? N * N : 1];
  MatrixInverseWork<T>(in, out, batch, N, adjoint, work);
}

// Cross products of `count` pairs of 3-vectors.
template <typename T>
inline void Cross(const T* a, const T* b, T* out, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    const T* u = a + 3 * i;
    const T* v = b + 3 * i;
    T* o = out + 3 * i;
    o[0] = u[1] * v[2] - u[2] * v[1];
    o[1] = u[2] * v[0] - u[0] * v[2];
    o[2] = u[0] * v[1] - u[1] * v[0];
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_LINALG_H_
