// Segment reductions: rows of `inner` elements of data[n][inner] are combined
// into out[segments][inner] by segment id with a reducer of reduce.h.
// SegmentX wants sorted ids (empty segments give 0, 1 for Prod); UnsortedSegmentX takes
// ids in any order, skips ids outside [0, segments), and leaves an empty
// segment at TensorFlow's identity (0, 1, lowest() for Max, max() for Min).
#ifndef TFAOT_RUNTIME_SEGMENT_H_
#define TFAOT_RUNTIME_SEGMENT_H_

#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/isa.h"
#include "runtime/reduce.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

template <typename R, typename T, typename I>
inline void SortedSegmentReduce(const T* data, const I* ids, T* out, int64_t n, int64_t inner,
                                int64_t segments) {
  int64_t pos = 0;
  for (int64_t s = 0; s < segments; ++s) {
    T* dst = out + s * inner;
    const int64_t start = pos;
    while (pos < n && static_cast<int64_t>(ids[pos]) == s) ++pos;
    if (pos == start) {
      for (int64_t j = 0; j < inner; ++j) dst[j] = std::is_same_v<R, ProdReducer> ? T(1) : T(0);
      continue;
    }
    for (int64_t j = 0; j < inner; ++j) dst[j] = R::template Init<T>();
    for (int64_t i = start; i < pos; ++i)
      for (int64_t j = 0; j < inner; ++j) dst[j] = R::Apply(dst[j], data[i * inner + j]);
    for (int64_t j = 0; j < inner; ++j) dst[j] = R::Finish(dst[j], pos - start);
  }
}

template <typename R, typename T>
inline T UnsortedSegmentIdentity() {
  if constexpr (std::is_same_v<R, MaxReducer>) return std::numeric_limits<T>::lowest();
  else if constexpr (std::is_same_v<R, MinReducer>) return std::numeric_limits<T>::max();
  else return R::template Init<T>();
}

template <typename R, typename T, typename I>
inline void UnsortedSegmentReduce(const T* data, const I* ids, T* out, int64_t n, int64_t inner,
                                  int64_t segments) {
  for (int64_t i = 0; i < segments * inner; ++i) out[i] = UnsortedSegmentIdentity<R, T>();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t s = static_cast<int64_t>(ids[i]);
    if (s < 0 || s >= segments) continue;
    T* dst = out + s * inner;
    for (int64_t j = 0; j < inner; ++j) dst[j] = R::Apply(dst[j], data[i * inner + j]);
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_SEGMENT_H_
