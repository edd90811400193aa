// The audio front-end compiled by tf_aot_library from a graph that starts at
// a WAV string (testdata/audio_frontend.pbtxt): the config feeds DecodeWav's
// audio and fixes its sample rate with a `constant`. Results against numpy
// (audio_frontend_expected.h, from audio_frontend_oracle.py).
#include <cmath>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/audio_frontend.h"
#include "tests/audio_frontend_expected.h"

namespace {

template <size_t N>
void ExpectClose(const float* got, const float (&want)[N], const char* what) {
  double worst = 0;
  for (size_t i = 0; i < N; ++i) {
    const double error = std::fabs(got[i] - want[i]);
    worst = std::max(worst, error);
    ASSERT_LE(error, 1e-5 + 1e-4 * std::fabs(want[i])) << what << "[" << i << "]";
  }
  std::printf("%s: %zu values, max abs error %g\n", what, N, worst);
}

TEST(AudioFrontendTest, ConstantSampleRateAndFedAudioMatchNumpy) {
  using Model = tfaot_test::AudioFrontend;
  static_assert(Model::kNumArgs == 1, "only the audio is a run-time input");
  static_assert(Model::kArg_audio_elements == 8000, "");
  static_assert(Model::kResult_spectrogram_elements == 24 * 257, "");
  static_assert(Model::kResult_fingerprint_elements == 24 * 13, "");
  Model model;
  std::memcpy(model.arg_audio_data(), kAudio, sizeof(kAudio));
  ASSERT_TRUE(model.Run());
  ExpectClose(model.result_spectrogram_data(), kSpectrogram, "spectrogram");
  ExpectClose(model.result_fingerprint_data(), kFingerprint, "fingerprint");
  // Run() again on the same arena: the same answer.
  ASSERT_TRUE(model.Run());
  ExpectClose(model.result_fingerprint_data(), kFingerprint, "fingerprint, second run");
}

}  // namespace
