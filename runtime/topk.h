// TopKV2 and InTopKV2 over the last dimension, rows of n elements. TopK
// orders by value (largest first), ties by lower index, as TensorFlow's
// stable sort does; it selects by repeated scans, O(n * k) with no scratch.
#ifndef TFAOT_RUNTIME_TOPK_H_
#define TFAOT_RUNTIME_TOPK_H_

#include <cmath>
#include <cstdint>

namespace tfaot::rt {

template <typename T>
inline void TopK(const T* in, T* values, int32_t* indices, int64_t rows, int64_t n, int64_t k) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = in + r * n;
    int64_t prev = -1;
    for (int64_t j = 0; j < k; ++j) {
      int64_t best = -1;
      for (int64_t i = 0; i < n; ++i) {
        // Candidates come strictly after `prev` in (value desc, index asc).
        if (prev >= 0 && !(row[i] < row[prev] || (row[i] == row[prev] && i > prev))) continue;
        if (best < 0 || row[i] > row[best]) best = i;
      }
      prev = best;
      values[r * k + j] = row[best];
      indices[r * k + j] = static_cast<int32_t>(best);
    }
  }
}

// out[r] = whether predictions[r][targets[r]] is among the k largest of its
// row: fewer than k values exceed it. A non-finite target value or an
// out-of-range target is never in the top k.
template <typename T, typename I>
inline void InTopK(const T* predictions, const I* targets, bool* out, int64_t rows, int64_t n,
                   int64_t k) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = predictions + r * n;
    const I t = targets[r];
    if (t < 0 || static_cast<int64_t>(t) >= n || !std::isfinite(row[t])) {
      out[r] = false;
      continue;
    }
    int64_t larger = 0;
    for (int64_t i = 0; i < n; ++i) larger += row[i] > row[t];
    out[r] = larger < k;
  }
}

}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_TOPK_H_
