// Models built for different targets (tf_aot_library target = "generic",
// SSE2, and target = "avx2") linked into one binary: the MLP against numpy
// (tests/mlp_expected.h, see tests/mlp_oracle.py) and conv_pool against hand
// arithmetic, each once per target. Without runtime/isa.h both targets'
// copies of an inline runtime kernel (FastConvMaxPool2D, ...) had one symbol
// and the linker kept one of them for both models; now they are distinct
// (mixed_targets_symbols_test.sh checks that with nm). One thread pool
// serves every model: the ThreadPool interface is the same for all targets.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/std_thread_pool.h"
#include "tests/mlp_expected.h"
#include "tests/users/conv_pool_avx2.h"
#include "tests/users/conv_pool_generic.h"
#include "tests/users/mlp_avx2.h"
#include "tests/users/mlp_generic.h"

namespace {

// The conformance tolerance for float: 1e-5 abs + 1e-4 rel.
bool Close(float got, double want) { return std::fabs(got - want) <= 1e-5 + 1e-4 * std::fabs(want); }

template <typename Mlp>
void ExpectMlpMatchesNumpy(const char* target) {
  auto m = std::make_unique<Mlp>();
  std::memcpy(m->arg_x_data(), kMlpInput, sizeof(kMlpInput));
  ASSERT_TRUE(m->Run());
  for (int i = 0; i < 6; ++i)
    EXPECT_PRED2(Close, m->result_probs_data()[i], kMlpExpectedProbs[i]) << target << " probs " << i;
  for (int i = 0; i < 10; ++i)
    EXPECT_PRED2(Close, m->result_hidden_data()[i], kMlpExpectedHidden[i]) << target << " hidden " << i;
}

// conv_pool: 3x3 SAME convolution of a 64x64x8 input, every tap 0.125 and
// the bias -0.5, Relu, 2x2 max pool: 32x32x16, every channel the same.
float ConvPoolInput(int h, int w, int c) { return static_cast<float>((h * 7 + w * 3 + c) % 11) / 8.0f - 0.5f; }

std::vector<double> ConvPoolByHand() {
  auto conv = [](int h, int w) {
    double sum = 0;
    for (int y = h - 1; y <= h + 1; ++y)
      for (int x = w - 1; x <= w + 1; ++x)
        if (y >= 0 && y < 64 && x >= 0 && x < 64)
          for (int c = 0; c < 8; ++c) sum += ConvPoolInput(y, x, c);
    return std::max(0.0, 0.125 * sum - 0.5);
  };
  std::vector<double> out;
  for (int h = 0; h < 32; ++h)
    for (int w = 0; w < 32; ++w) {
      double m = std::max(std::max(conv(2 * h, 2 * w), conv(2 * h, 2 * w + 1)),
                          std::max(conv(2 * h + 1, 2 * w), conv(2 * h + 1, 2 * w + 1)));
      out.insert(out.end(), 16, m);
    }
  return out;
}

template <typename ConvPool>
void ExpectConvPoolMatchesHand(const char* target, tfaot::rt::ThreadPool* pool) {
  static const std::vector<double> want = ConvPoolByHand();
  auto m = std::make_unique<ConvPool>();
  m->set_thread_pool(pool);
  for (int h = 0; h < 64; ++h)
    for (int w = 0; w < 64; ++w)
      for (int c = 0; c < 8; ++c) m->arg_x_data()[(h * 64 + w) * 8 + c] = ConvPoolInput(h, w, c);
  ASSERT_TRUE(m->Run());
  ASSERT_EQ(want.size(), ConvPool::kResult_y_elements);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_PRED2(Close, m->result_y_data()[i], want[i]) << target << " y " << i;
}

TEST(MixedTargetsTest, MlpOfEachTargetMatchesNumpy) {
  ExpectMlpMatchesNumpy<tfaot_test::MlpGeneric>("generic");
  ExpectMlpMatchesNumpy<tfaot_test::MlpAvx2>("avx2");
}

TEST(MixedTargetsTest, ConvPoolOfEachTargetMatchesHandArithmetic) {
  ExpectConvPoolMatchesHand<tfaot_test::ConvPoolGeneric>("generic", nullptr);
  ExpectConvPoolMatchesHand<tfaot_test::ConvPoolAvx2>("avx2", nullptr);
}

TEST(MixedTargetsTest, OnePoolServesBothTargets) {
  tfaot::rt::StdThreadPool pool(2);
  for (int round = 0; round < 2; ++round) {
    ExpectConvPoolMatchesHand<tfaot_test::ConvPoolAvx2>("avx2", &pool);
    ExpectConvPoolMatchesHand<tfaot_test::ConvPoolGeneric>("generic", &pool);
  }
}

}  // namespace
