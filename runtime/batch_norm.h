// FusedBatchNorm over a tensor seen as [outer, channels, inner] (channels-last:
// inner = 1; channels-first: outer = batch, inner = spatial size).
// Inference normalizes with the given mean and variance; training with the
// batch statistics, as TensorFlow's CPU kernel: y uses the biased variance,
// the running variance output the Bessel-corrected one, blended with the old
// running statistics by exponential_avg_factor.
#ifndef TFAOT_RUNTIME_BATCH_NORM_H_
#define TFAOT_RUNTIME_BATCH_NORM_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

namespace batch_norm_internal {

template <typename T>
inline void Normalize(const T* x, const T* scale, const T* offset, const T* mean, const T* var,
                      T* y, int64_t outer, int64_t channels, int64_t inner, T epsilon) {
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      const T factor = T(1) / std::sqrt(var[c] + epsilon) * scale[c];
      const T m = mean[c], b = offset[c];
      const int64_t base = (o * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) y[base + i] = (x[base + i] - m) * factor + b;
    }
}

}  // namespace batch_norm_internal

// The statistics outputs (batch_mean, batch_var and the reserve spaces) are
// copies of mean/var, as TensorFlow's.
template <typename T>
inline void FusedBatchNormInference(const T* x, const T* scale, const T* offset, const T* mean,
                                    const T* var, T* y, T* batch_mean, T* batch_var,
                                    T* saved_mean, T* saved_var, int64_t outer,
                                    int64_t channels, int64_t inner, T epsilon) {
  batch_norm_internal::Normalize(x, scale, offset, mean, var, y, outer, channels, inner,
                                 epsilon);
  for (int64_t c = 0; c < channels; ++c) {
    batch_mean[c] = saved_mean[c] = mean[c];
    batch_var[c] = saved_var[c] = var[c];
  }
}

// saved_mean/saved_var receive the batch mean and biased variance;
// running_mean/running_var the new running statistics. old_mean/old_var are
// read only when factor != 1.
template <typename T>
inline void FusedBatchNormTraining(const T* x, const T* scale, const T* offset,
                                   const T* old_mean, const T* old_var, T* y, T* running_mean,
                                   T* running_var, T* saved_mean, T* saved_var, int64_t outer,
                                   int64_t channels, int64_t inner, T epsilon, T factor) {
  const int64_t count = outer * inner;
  for (int64_t c = 0; c < channels; ++c) {
    double sum = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) sum += x[(o * channels + c) * inner + i];
    const double mean = sum / static_cast<double>(count);
    double sq = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        const double d = x[(o * channels + c) * inner + i] - mean;
        sq += d * d;
      }
    saved_mean[c] = static_cast<T>(mean);
    saved_var[c] = static_cast<T>(sq / static_cast<double>(count));
  }
  batch_norm_internal::Normalize(x, scale, offset, saved_mean, saved_var, y, outer, channels,
                                 inner, epsilon);
  const T adjust = static_cast<T>(count) / static_cast<T>(count > 1 ? count - 1 : 1);
  for (int64_t c = 0; c < channels; ++c) {
    if (factor == T(1)) {
      running_mean[c] = saved_mean[c];
      running_var[c] = saved_var[c] * adjust;
    } else {
      running_mean[c] = (T(1) - factor) * old_mean[c] + factor * saved_mean[c];
      running_var[c] = (T(1) - factor) * old_var[c] + factor * adjust * saved_var[c];
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_BATCH_NORM_H_
