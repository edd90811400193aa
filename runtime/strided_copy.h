// Data movement as strided copies: out[i0*os0 + i1*os1 + ...] =
// in[i0*is0 + i1*is1 + ...] over a box of `shape`. Transpose, Slice,
// StridedSlice, Tile (a stride of 0), ReverseV2 (a negative stride), Concat,
// Split, Pack, Pad's interior, SpaceToDepth, BatchToSpaceND and the matrix
// diagonal ops all reduce to one or a few such calls whose shapes and strides
// are compile-time constants. The rank is a template parameter, so the loop
// nest is fully unrolled and the innermost loop is a plain (often unit
// stride) loop the compiler vectorizes.
#ifndef TFAOT_RUNTIME_STRIDED_COPY_H_
#define TFAOT_RUNTIME_STRIDED_COPY_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <size_t R>
using Dims = std::array<int64_t, R>;

namespace internal {

template <typename T, size_t R, size_t D>
inline void CopyStridedDim(const T* in, T* out, const Dims<R>& shape, const Dims<R>& in_strides,
                           const Dims<R>& out_strides) {
  const int64_t n = shape[D];
  const int64_t is = in_strides[D];
  const int64_t os = out_strides[D];
  if constexpr (D + 1 == R) {
    if (is == 1 && os == 1) {
      for (int64_t i = 0; i < n; ++i) out[i] = in[i];
    } else if (os == 1) {
      for (int64_t i = 0; i < n; ++i) out[i] = in[i * is];
    } else {
      for (int64_t i = 0; i < n; ++i) out[i * os] = in[i * is];
    }
  } else {
    for (int64_t i = 0; i < n; ++i)
      CopyStridedDim<T, R, D + 1>(in + i * is, out + i * os, shape, in_strides, out_strides);
  }
}

}  // namespace internal

// Copies the box `shape` read from `in` with `in_strides` (elements, may be
// 0 or negative) to `out` written with `out_strides`. Source and destination
// boxes must not overlap (they may lie in the same buffer).
template <typename T, size_t R>
inline void CopyStrided(const T* in, T* out, const Dims<R>& shape, const Dims<R>& in_strides,
                        const Dims<R>& out_strides) {
  if constexpr (R == 0) {
    *out = *in;
  } else {
    for (size_t d = 0; d < R; ++d)
      if (shape[d] == 0) return;
    internal::CopyStridedDim<T, R, 0>(in, out, shape, in_strides, out_strides);
  }
}

// out[0..n) = value.
template <typename T>
inline void Fill(T* out, int64_t n, T value) {
  for (int64_t i = 0; i < n; ++i) out[i] = value;
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_STRIDED_COPY_H_
