// TopKV2 and InTopKV2 over the last dimension, rows of n elements. TopK
// orders by value (largest first), ties by lower index, as TensorFlow's
// stable sort does; it selects by repeated scans, O(n * k) with no scratch.
// TopKUnsorted reproduces the order of sorted = false.
#ifndef TFAOT_RUNTIME_TOPK_H_
#define TFAOT_RUNTIME_TOPK_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

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

// TopKV2 with sorted = false and 1 < k < n: TensorFlow returns the k winners
// in the order its gtl::TopN leaves them: the first k + 1 indices are
// heapified (std::make_heap, "less" = ranks higher), the least popped to the
// unused last slot, and each later index ranking above the heap's least
// replaces it (push_heap, pop_heap over the k + 1 slots). The heap steps
// below are libstdc++'s, which TensorFlow's Linux builds use; slots [0, k)
// are the row's indices output, slot k one more variable.
namespace topk_heap {

struct Slots {
  int32_t* a;
  int64_t k;
  int32_t extra;
  int32_t& operator[](int64_t i) { return i < k ? a[i] : extra; }
};

template <typename Cmp>
inline void SiftUp(Slots& s, int64_t hole, int64_t top, int32_t v, const Cmp& cmp) {
  int64_t parent = (hole - 1) / 2;
  while (hole > top && cmp(s[parent], v)) {
    s[hole] = s[parent];
    hole = parent;
    parent = (hole - 1) / 2;
  }
  s[hole] = v;
}

template <typename Cmp>
inline void Adjust(Slots& s, int64_t hole, int64_t len, int32_t v, const Cmp& cmp) {
  const int64_t top = hole;
  int64_t child = hole;
  while (child < (len - 1) / 2) {
    child = 2 * (child + 1);
    if (cmp(s[child], s[child - 1])) --child;
    s[hole] = s[child];
    hole = child;
  }
  if ((len & 1) == 0 && child == (len - 2) / 2) {
    child = 2 * (child + 1);
    s[hole] = s[child - 1];
    hole = child - 1;
  }
  SiftUp(s, hole, top, v, cmp);
}

template <typename Cmp>
inline void MakeHeap(Slots& s, int64_t len, const Cmp& cmp) {
  if (len < 2) return;
  for (int64_t parent = (len - 2) / 2;; --parent) {
    Adjust(s, parent, len, s[parent], cmp);
    if (parent == 0) return;
  }
}

template <typename Cmp>
inline void PopHeap(Slots& s, int64_t len, const Cmp& cmp) {
  if (len < 2) return;
  const int32_t v = s[len - 1];
  s[len - 1] = s[0];
  Adjust(s, 0, len - 1, v, cmp);
}

template <typename Cmp>
inline void PushHeap(Slots& s, int64_t len, const Cmp& cmp) {
  SiftUp(s, len - 1, 0, s[len - 1], cmp);
}

}  // namespace topk_heap

template <typename T>
inline void TopKUnsorted(const T* in, T* values, int32_t* indices, int64_t rows, int64_t n,
                         int64_t k) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = in + r * n;
    // TensorFlow's stable_comp: a ranks above b (larger, or equal and first).
    auto cmp = [row](int32_t a, int32_t b) {
      if (row[b] < row[a]) return true;
      if (row[b] > row[a]) return false;
      return a < b;
    };
    topk_heap::Slots s{indices + r * k, k, 0};
    int64_t size = 0;
    for (int64_t c = 0; c < n; ++c) {
      const int32_t i = static_cast<int32_t>(c);
      if (size <= k) {
        s[size++] = i;
        if (size == k + 1) {
          topk_heap::MakeHeap(s, k + 1, cmp);
          topk_heap::PopHeap(s, k + 1, cmp);
        }
      } else if (cmp(i, s[0])) {
        s[k] = i;
        topk_heap::PushHeap(s, k + 1, cmp);
        topk_heap::PopHeap(s, k + 1, cmp);
      }
    }
    for (int64_t j = 0; j < k; ++j) values[r * k + j] = row[indices[r * k + j]];
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

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_TOPK_H_
