// Row scatters: DynamicStitch's row writes and InvertPermutation. Rows are
// `inner` contiguous elements; an index outside the output is skipped
// (compiled code cannot report it; tfaotc checks constant indices).
#ifndef TFAOT_RUNTIME_SCATTER_H_
#define TFAOT_RUNTIME_SCATTER_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// out[ids[i], :] = data[i, :] for i in [0, n), in order (later rows win).
template <typename T, typename I>
inline void ScatterRows(const T* data, const I* ids, T* out, int64_t n, int64_t num_rows,
                        int64_t inner) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t id = static_cast<int64_t>(ids[i]);
    if (id < 0 || id >= num_rows) continue;
    for (int64_t k = 0; k < inner; ++k) out[id * inner + k] = data[i * inner + k];
  }
}

// out[perm[i]] = i; entries no index hits are 0.
template <typename I>
inline void InvertPermutation(const I* perm, I* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t p = static_cast<int64_t>(perm[i]);
    if (p >= 0 && p < n) out[p] = static_cast<I>(i);
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_SCATTER_H_
