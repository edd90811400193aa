// AudioSpectrogram as TensorFlow's CPU kernel computes it
// (tensorflow/core/kernels/spectrogram.cc, spectrogram_op.cc):
//   - frames of `window` samples every `stride` samples, per channel of the
//     [samples, channels] float input; frames = 1 + (samples - window) /
//     stride, or 0 when samples < window;
//   - each frame times a periodic Hann window, 0.5 - 0.5 cos(2 pi i / window),
//     in double, zero-padded to the next power of two, fft = NextPowerOfTwo(window);
//   - a real FFT in double (runtime/real_fft.h), then re^2 + im^2 of the
//     1 + fft/2 bins, rounded to float; without magnitude_squared, sqrtf of
//     that float.
// Output [channels, frames, 1 + fft/2] float.
#ifndef TFAOT_RUNTIME_SPECTROGRAM_H_
#define TFAOT_RUNTIME_SPECTROGRAM_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"
#include "runtime/real_fft.h"
#include "runtime/vector_sqrt.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

// The periodic Hann window of `length` points, as TensorFlow computes it.
inline void HannWindow(int64_t length, double* window) {
  const double pi = std::atan(1.0) * 4;
  for (int64_t i = 0; i < length; ++i)
    window[i] = 0.5 - 0.5 * std::cos((2 * pi * static_cast<double>(i)) /
                                     static_cast<double>(length));
}

struct SpectrogramShape {
  int64_t samples, channels;  // input [samples, channels]
  int64_t window, stride, fft;
  bool magnitude_squared;

  int64_t frames() const { return samples < window ? 0 : 1 + (samples - window) / stride; }
  int64_t bins() const { return 1 + fft / 2; }
};

// Doubles of scratch AudioSpectrogram needs: one packed frame (fft of them)
// and the frame's power spectrum in double.
inline int64_t SpectrogramScratchDoubles(const SpectrogramShape& s) { return s.fft + s.bins(); }

// `window_table`: HannWindow(s.window); `factors`, `permutation`:
// MakeRealFftTables(s.fft); `scratch`: SpectrogramScratchDoubles(s) doubles.
inline void AudioSpectrogram(const float* input, const SpectrogramShape& s,
                             const double* window_table, const double* factors,
                             const int32_t* permutation, double* scratch, float* output) {
  const int64_t m = s.fft / 2, bins = s.bins(), frames = s.frames();
  double* re = scratch;
  double* im = scratch + m;
  double* work = scratch + 2 * m;
  for (int64_t c = 0; c < s.channels; ++c) {
    for (int64_t t = 0; t < frames; ++t) {
      const float* x = input + t * s.stride * s.channels + c;
      // Even samples to re, odd to im, windowed, in the FFT's input order;
      // zero beyond the window.
      const int64_t pairs = s.window / 2;
      for (int64_t j = 0; j < pairs; ++j) {
        const int64_t e = 2 * j, o = 2 * j + 1, p = permutation[j];
        re[p] = static_cast<double>(x[e * s.channels]) * window_table[e];
        im[p] = static_cast<double>(x[o * s.channels]) * window_table[o];
      }
      for (int64_t j = pairs; j < m; ++j) {
        const int64_t e = 2 * j, p = permutation[j];
        re[p] = e < s.window ? static_cast<double>(x[e * s.channels]) * window_table[e] : 0.0;
        im[p] = 0.0;
      }
      float* row = output + (c * frames + t) * bins;
      RealFftPower(s.fft, factors, re, im, work, row);
      if (!s.magnitude_squared) SqrtFloatInPlace(row, bins);
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_SPECTROGRAM_H_
