// Mfcc as TensorFlow's CPU kernel computes it (tensorflow/core/kernels/
// mfcc.cc, mfcc_mel_filterbank.cc, mfcc_dct.cc, mfcc_op.cc), in double from
// the float spectrogram [channels, frames, bins] (squared magnitudes):
//   - mel(f) = 1127 log1p(f / 700); filterbank_channel_count + 1 centers
//     evenly spaced in mel above mel(lower_frequency_limit);
//   - bins start..end, start = int(1.5 + lower / hz_per_bin), end =
//     int(upper / hz_per_bin), hz_per_bin = sample_rate / 2 / (bins - 1),
//     each add sqrt(power) * weight to the channel whose triangle's falling
//     side they lie on and sqrt(power) * (1 - weight) (computed as the
//     difference) to the next, in bin order;
//   - log(max(energy, 1e-12)), then a DCT-II with sqrt(2 / channels) scaling:
//     out[i] = sum_j cos(pi i (j + 0.5) / channels) sqrt(2 / channels) log_j,
//     summed in j order, rounded to float.
// The filterbank and DCT tables are computed once (MakeMelFilterbank,
// MelChannelEdges, MakeMfccDct: at compile time, emitted as literals); each
// channel's energy is then one running sum, in the order TensorFlow's loop
// over bins adds to it.
#ifndef TFAOT_RUNTIME_MFCC_H_
#define TFAOT_RUNTIME_MFCC_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"
#include "runtime/vector_sqrt.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

struct MfccShape {
  int64_t bins;            // spectrogram bins (its last dimension)
  int64_t frames;          // spectrogram channels * frames
  int64_t channels;        // filterbank_channel_count
  int64_t coefficients;    // dct_coefficient_count
  int64_t start, end;      // the bins that contribute (MelBinRange)
};

inline double FreqToMel(double freq) { return 1127.0 * std::log1p(freq / 700.0); }

// The range of contributing bins for `bins` spectrogram bins.
inline void MelBinRange(int64_t bins, double sample_rate, double lower, double upper,
                        int64_t* start, int64_t* end) {
  const double hz_per_bin = 0.5 * sample_rate / static_cast<double>(bins - 1);
  *start = static_cast<int64_t>(static_cast<int>(1.5 + (lower / hz_per_bin)));
  *end = static_cast<int64_t>(static_cast<int>(upper / hz_per_bin));
}

// Per bin: the channel whose triangle it falls on the right side of
// (`band`, -1 below the first center, -2 outside start..end) and its weight
// for that channel (`weight`; the next channel gets 1 - weight).
inline void MakeMelFilterbank(int64_t bins, double sample_rate, int64_t channels, double lower,
                              double upper, int32_t* band, double* weight) {
  // channels + 1 centers: the last one closes the last triangle.
  const double mel_low = FreqToMel(lower), mel_high = FreqToMel(upper);
  const double spacing = (mel_high - mel_low) / static_cast<double>(channels + 1);
  auto center = [&](int64_t i) { return mel_low + (spacing * static_cast<double>(i + 1)); };
  const double hz_per_bin = 0.5 * sample_rate / static_cast<double>(bins - 1);
  int64_t start, end;
  MelBinRange(bins, sample_rate, lower, upper, &start, &end);
  int64_t channel = 0;
  for (int64_t i = 0; i < bins; ++i) {
    const double mel = FreqToMel(static_cast<double>(i) * hz_per_bin);
    if (i < start || i > end) {
      band[i] = -2;
      weight[i] = 0.0;
      continue;
    }
    while (channel < channels && center(channel) < mel) ++channel;
    band[i] = static_cast<int32_t>(channel - 1);
    weight[i] = channel - 1 >= 0
                    ? (center(channel) - mel) / (center(channel) - center(channel - 1))
                    : (center(0) - mel) / (center(0) - mel_low);
  }
}

// band is nondecreasing over start..end, so the bins on each side of a
// triangle are contiguous: edges[k] (k = 0..channels + 1) is the first bin
// of start..end with band >= k - 1 (end + 1 if none). Channel c sums the
// bins [edges[c], edges[c + 1]) (rising side) then [edges[c + 1], edges[c + 2])
// (falling side): in bin order, as TensorFlow's loop over bins adds them.
inline void MelChannelEdges(int64_t channels, int64_t start, int64_t end, const int32_t* band,
                            int32_t* edges) {
  int64_t i = start;
  for (int64_t k = 0; k <= channels + 1; ++k) {
    while (i <= end && band[i] < k - 1) ++i;
    edges[k] = static_cast<int32_t>(i);
  }
}

// The DCT's cosines, transposed: table[j * coefficients + i] for channel j
// and coefficient i.
inline void MakeMfccDct(int64_t channels, int64_t coefficients, double* table) {
  const double norm = std::sqrt(2.0 / static_cast<double>(channels));
  const double pi = std::atan(1.0) * 4;
  const double arg = pi / static_cast<double>(channels);
  for (int64_t i = 0; i < coefficients; ++i)
    for (int64_t j = 0; j < channels; ++j)
      table[j * coefficients + i] =
          norm * std::cos(static_cast<double>(i) * arg * (static_cast<double>(j) + 0.5));
}

// Doubles of scratch Mfcc needs.
inline int64_t MfccScratchDoubles(const MfccShape& s) {
  return s.bins + s.channels + s.coefficients;
}

// `edges`: MelChannelEdges, `weight`: MakeMelFilterbank, `dct`: MakeMfccDct.
inline void Mfcc(const float* spectrogram, const MfccShape& s, const int32_t* edges,
                 const double* weight, const double* dct, double* scratch, float* output) {
  constexpr double kFloor = 1e-12;
  double* magnitude = scratch;           // by bin
  double* logs = scratch + s.bins;       // by channel
  double* sums = logs + s.channels;      // by coefficient
  const int64_t count = s.end >= s.start ? s.end - s.start + 1 : 0;
  for (int64_t f = 0; f < s.frames; ++f) {
    SqrtFloatToDouble(spectrogram + f * s.bins + s.start, magnitude + s.start, count);
    for (int64_t c = 0; c < s.channels; ++c) {
      double energy = 0.0;
      for (int64_t i = edges[c]; i < edges[c + 1]; ++i) {
        const double weighted = magnitude[i] * weight[i];
        energy += magnitude[i] - weighted;
      }
      for (int64_t i = edges[c + 1]; i < edges[c + 2]; ++i) energy += magnitude[i] * weight[i];
      logs[c] = std::log(energy < kFloor ? kFloor : energy);
    }
    // out[i] = sum over j of cos[i][j] * logs[j], in j order for each i.
    for (int64_t i = 0; i < s.coefficients; ++i) sums[i] = 0.0;
    for (int64_t j = 0; j < s.channels; ++j) {
      const double* row = dct + j * s.coefficients;
      for (int64_t i = 0; i < s.coefficients; ++i) sums[i] += row[i] * logs[j];
    }
    float* out = output + f * s.coefficients;
    for (int64_t i = 0; i < s.coefficients; ++i) out[i] = static_cast<float>(sums[i]);
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_MFCC_H_
