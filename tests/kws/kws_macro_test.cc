// ARM's keyword-spotting models (tfmodels/kws) compiled by tf_aot_library
// from raw audio (kws.config.pbtxt: DecodeWav's audio fed, its sample rate a
// constant), run on synthetic clips; their MFCCs and label probabilities
// against the numpy oracle (kws_oracle.py: the front-end from TensorFlow's
// documented algorithm, a numpy port of each network).
#include <cmath>
#include <cstdio>
#include <cstring>

#include "gtest/gtest.h"
#include "tests/kws/kws_expected.h"  // kClips, k<model>_Mfcc, k<model>_Probs
#include "tests/kws/kws_models.h"    // the models' headers, KWS_MODELS(X)

namespace {

// Tolerances as kws_oracle.py's (float32 results, float64 oracle).
constexpr double kMfccAbs = 1e-4, kMfccRel = 1e-4;
constexpr double kProbsAbs = 2e-5, kProbsRel = 1e-3;

template <typename Model>
void CheckModel(const char* name, const float* mfcc_want, const float* probs_want) {
  static_assert(Model::kNumArgs == 1, "only the audio is a run-time input");
  static_assert(Model::kArg_audio_elements == 16000, "1 s at 16 kHz");
  static_assert(Model::kResult_probs_elements == 12, "12 labels");
  Model model;
  const size_t mfcc_size = Model::kResult_mfcc_elements;
  for (int clip = 0; clip < kNumClips; ++clip) {
    std::memcpy(model.arg_audio_data(), kClips[clip], sizeof(float) * 16000);
    ASSERT_TRUE(model.Run());
    double mfcc_error = 0, probs_error = 0;
    for (size_t i = 0; i < mfcc_size; ++i) {
      const double want = mfcc_want[clip * mfcc_size + i], got = model.result_mfcc_data()[i];
      mfcc_error = std::max(mfcc_error, std::fabs(got - want));
      ASSERT_LE(std::fabs(got - want), kMfccAbs + kMfccRel * std::fabs(want))
          << name << " clip " << kClipNames[clip] << " mfcc[" << i << "]";
    }
    int top = 0;
    for (int k = 0; k < 12; ++k) {
      const double want = probs_want[clip * 12 + k], got = model.result_probs_data()[k];
      probs_error = std::max(probs_error, std::fabs(got - want));
      EXPECT_LE(std::fabs(got - want), kProbsAbs + kProbsRel * want)
          << name << " clip " << kClipNames[clip] << " label " << k;
      if (got > model.result_probs_data()[top]) top = k;
    }
    std::printf("%-12s %-12s mfcc max error %.3g, probabilities max error %.3g, top label %d (%.3f)\n",
                name, kClipNames[clip], mfcc_error, probs_error, top, model.result_probs_data()[top]);
  }
}

#define KWS_TEST(m) \
  TEST(KwsMacroTest, m) { CheckModel<kws::m>(#m, k##m##_Mfcc, k##m##_Probs); }
KWS_MODELS(KWS_TEST)
#undef KWS_TEST

}  // namespace
