// Batched matrix product with numpy broadcasting of the batch dimensions
// (BatchMatMulV2): for each batch index, C = op(A) * op(B) via MatMul.
#ifndef TFAOT_RUNTIME_BATCH_MATMUL_H_
#define TFAOT_RUNTIME_BATCH_MATMUL_H_

#include <cstdint>

#include "runtime/isa.h"
#include "runtime/matmul.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

constexpr int kMaxBatchRank = 8;

struct BatchMatMulShape {
  int64_t rank;                     // batch dimensions of the result
  int64_t dims[kMaxBatchRank];      // result batch sizes
  int64_t a_strides[kMaxBatchRank]; // in matrices; 0 where A is broadcast
  int64_t b_strides[kMaxBatchRank];
  int64_t m, k, n;
  bool transpose_a, transpose_b;
};

template <typename T>
inline void BatchMatMul(const T* a, const T* b, T* c, const BatchMatMulShape& s) {
  int64_t batches = 1;
  for (int64_t i = 0; i < s.rank; ++i) batches *= s.dims[i];
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t rest = bi, a_index = 0, b_index = 0;
    for (int64_t i = s.rank - 1; i >= 0; --i) {
      const int64_t coord = rest % s.dims[i];
      rest /= s.dims[i];
      a_index += coord * s.a_strides[i];
      b_index += coord * s.b_strides[i];
    }
    MatMul<T>(a + a_index * s.m * s.k, b + b_index * s.k * s.n, c + bi * s.m * s.n, s.m, s.k,
              s.n, s.transpose_a, s.transpose_b);
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_BATCH_MATMUL_H_
