// Reductions (Sum, Mean, Prod, Max, Min, All, Any, L2Loss), ArgMax/ArgMin and
// cumulative sums/products. The compiler merges neighbouring dimensions that
// are all kept or all reduced, so a reduction sees an alternating list of
// kept/reduced extents; sizes are compile-time constants at call sites.
#ifndef TFAOT_RUNTIME_REDUCE_H_
#define TFAOT_RUNTIME_REDUCE_H_

#include <cstdint>
#include <limits>

#include "runtime/elementwise.h"
#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// Each reducer: Init<T>() the identity, Apply(acc, x), Finish(acc, count),
// and kName, its name as the compiler writes it into generated code.
struct SumReducer {
  static constexpr const char kName[] = "SumReducer";
  template <typename T> static T Init() { return T(0); }
  template <typename T> static T Apply(T a, T b) { return ew::Add(a, b); }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};
struct MeanReducer : SumReducer {
  static constexpr const char kName[] = "MeanReducer";
  template <typename T> static T Finish(T a, int64_t n) {
    return n == 0 ? (ew::kIsFloat<T> ? std::numeric_limits<T>::quiet_NaN() : T(0))
                  : ew::Div(a, static_cast<T>(n));
  }
};
struct ProdReducer {
  static constexpr const char kName[] = "ProdReducer";
  template <typename T> static T Init() { return T(1); }
  template <typename T> static T Apply(T a, T b) { return ew::Mul(a, b); }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};
struct MaxReducer {
  static constexpr const char kName[] = "MaxReducer";
  template <typename T> static T Init() {
    if constexpr (std::numeric_limits<T>::has_infinity) return -std::numeric_limits<T>::infinity();
    else return std::numeric_limits<T>::lowest();
  }
  template <typename T> static T Apply(T a, T b) { return ew::Maximum(a, b); }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};
struct MinReducer {
  static constexpr const char kName[] = "MinReducer";
  template <typename T> static T Init() {
    if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
    else return std::numeric_limits<T>::max();
  }
  template <typename T> static T Apply(T a, T b) { return ew::Minimum(a, b); }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};
struct AllReducer {
  static constexpr const char kName[] = "AllReducer";
  template <typename T> static T Init() { return true; }
  template <typename T> static T Apply(T a, T b) { return a && b; }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};
struct AnyReducer {
  static constexpr const char kName[] = "AnyReducer";
  template <typename T> static T Init() { return false; }
  template <typename T> static T Apply(T a, T b) { return a || b; }
  template <typename T> static T Finish(T a, int64_t) { return a; }
};

// Reduces `in`, of extents dims[0..rank), over the dimensions whose bit is
// set in `reduced_mask` into `out` (the kept extents in order). The compiler
// merges neighbouring dimensions that are all kept or all reduced; rank <= 16.
template <typename R, typename T>
inline void Reduce(const T* in, T* out, const int64_t* dims, int rank, uint32_t reduced_mask) {
  int64_t out_size = 1, count = 1, in_size = 1;
  int64_t out_stride[16];
  for (int d = rank - 1; d >= 0; --d) {
    bool reduced = (reduced_mask >> d) & 1u;
    out_stride[d] = reduced ? 0 : out_size;
    if (reduced) count *= dims[d];
    else out_size *= dims[d];
    in_size *= dims[d];
  }
  for (int64_t i = 0; i < out_size; ++i) out[i] = R::template Init<T>();
  if (rank == 0) {
    out[0] = R::Apply(out[0], in[0]);
  } else {
    const int64_t inner = dims[rank - 1];
    const bool inner_reduced = out_stride[rank - 1] == 0;
    int64_t index[16] = {0};
    int64_t o = 0;  // output offset of the current row
    for (int64_t base = 0; base < in_size; base += inner) {
      const T* row = in + base;
      if (inner_reduced) {
        T acc = out[o];
        for (int64_t j = 0; j < inner; ++j) acc = R::Apply(acc, row[j]);
        out[o] = acc;
      } else {
        T* dst = out + o;
        for (int64_t j = 0; j < inner; ++j) dst[j] = R::Apply(dst[j], row[j]);
      }
      for (int d = rank - 2; d >= 0; --d) {  // odometer over the outer dims
        o += out_stride[d];
        if (++index[d] < dims[d]) break;
        o -= out_stride[d] * dims[d];
        index[d] = 0;
      }
    }
  }
  for (int64_t i = 0; i < out_size; ++i) out[i] = R::Finish(out[i], count);
}

// Index of the largest (Max) or smallest value along the middle extent of
// in[outer][n][inner]; the first one on ties; a NaN wins as TensorFlow's.
template <bool kMax, typename T, typename I>
inline void ArgReduce(const T* in, I* out, int64_t outer, int64_t n, int64_t inner) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      const T* p = in + o * n * inner + j;
      T best = p[0];
      int64_t best_k = 0;
      for (int64_t k = 1; k < n; ++k) {
        T v = p[k * inner];
        bool better = kMax ? (v > best) : (v < best);
        if constexpr (ew::kIsFloat<T>) {
          if (best != best) better = false;
          else if (v != v) better = true;
        }
        if (better) {
          best = v;
          best_k = k;
        }
      }
      out[o * inner + j] = static_cast<I>(best_k);
    }
  }
}

// Cumulative sum (kProd false) or product along the middle extent of
// in[outer][n][inner], TensorFlow's Cumsum/Cumprod with exclusive/reverse.
template <bool kProd, typename T>
inline void Cumulative(const T* in, T* out, int64_t outer, int64_t n, int64_t inner,
                       bool exclusive, bool reverse) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      const int64_t base = o * n * inner + j;
      T acc = kProd ? T(1) : T(0);
      for (int64_t s = 0; s < n; ++s) {
        const int64_t k = base + (reverse ? n - 1 - s : s) * inner;
        const T x = in[k];
        if (!exclusive) acc = kProd ? ew::Mul(acc, x) : ew::Add(acc, x);
        out[k] = acc;
        if (exclusive) acc = kProd ? ew::Mul(acc, x) : ew::Add(acc, x);
      }
    }
  }
}

// sum(x * x) / 2 over all n elements.
template <typename T>
inline void L2Loss(const T* in, T* out, int64_t n) {
  T acc = T(0);
  for (int64_t i = 0; i < n; ++i) acc += in[i] * in[i];
  out[0] = acc / T(2);
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_REDUCE_H_
