// Index-driven reads: Gather/GatherV2 (rows picked along one axis, with
// batch dimensions), GatherNd (rows picked by K-dimensional indices) and
// OneHot. Compiled code cannot report errors, so an out-of-range index (an
// error in TensorFlow on CPU) yields zeros, as TensorFlow does on GPU; the
// compiler checks constant indices itself.
#ifndef TFAOT_RUNTIME_GATHER_H_
#define TFAOT_RUNTIME_GATHER_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// params [batch, outer, axis_size, inner], indices [batch, num_indices]
// -> out [batch, outer, num_indices, inner].
template <typename T, typename I>
inline void Gather(const T* params, const I* indices, T* out, int64_t batch, int64_t outer,
                   int64_t axis_size, int64_t inner, int64_t num_indices) {
  for (int64_t b = 0; b < batch; ++b) {
    const I* idx = indices + b * num_indices;
    for (int64_t o = 0; o < outer; ++o) {
      const T* src = params + (b * outer + o) * axis_size * inner;
      T* dst = out + (b * outer + o) * num_indices * inner;
      for (int64_t j = 0; j < num_indices; ++j, dst += inner) {
        const int64_t k = static_cast<int64_t>(idx[j]);
        if (k < 0 || k >= axis_size) {
          for (int64_t i = 0; i < inner; ++i) dst[i] = T{};
        } else {
          const T* row = src + k * inner;
          for (int64_t i = 0; i < inner; ++i) dst[i] = row[i];
        }
      }
    }
  }
}

// params [dims[0], ..., dims[K-1], inner], indices [num, K] -> out [num, inner].
template <typename T, typename I, size_t K>
inline void GatherNd(const T* params, const I* indices, T* out, int64_t num,
                     const std::array<int64_t, K>& dims, int64_t inner) {
  for (int64_t n = 0; n < num; ++n) {
    const I* idx = indices + n * static_cast<int64_t>(K);
    T* dst = out + n * inner;
    int64_t row = 0;
    bool valid = true;
    for (size_t k = 0; k < K; ++k) {
      const int64_t v = static_cast<int64_t>(idx[k]);
      valid = valid && v >= 0 && v < dims[k];
      row = row * dims[k] + v;
    }
    if (!valid) {
      for (int64_t i = 0; i < inner; ++i) dst[i] = T{};
    } else {
      const T* src = params + row * inner;
      for (int64_t i = 0; i < inner; ++i) dst[i] = src[i];
    }
  }
}

// indices [outer, inner] -> out [outer, depth, inner]: on where the index
// equals the depth position, off elsewhere (negative or large indices: all off).
template <typename T, typename I>
inline void OneHot(const I* indices, T* out, int64_t outer, int64_t depth, int64_t inner,
                   T on, T off) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t d = 0; d < depth; ++d) {
      T* dst = out + (o * depth + d) * inner;
      const I* idx = indices + o * inner;
      for (int64_t i = 0; i < inner; ++i)
        dst[i] = static_cast<int64_t>(idx[i]) == d ? on : off;
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_GATHER_H_
