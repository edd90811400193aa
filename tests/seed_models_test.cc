// Numeric end-to-end tests: graphs compiled by the tf_aot_library macro,
// linked together into this one binary, run on inputs whose answers come
// from hand arithmetic or from numpy (mlp_expected.h, see mlp_oracle.py).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>

#include "gtest/gtest.h"
#include "tests/add_vars.h"
#include "tests/broadcast.h"
#include "tests/fused_chain.h"
#include "tests/mlp.h"
#include "tests/mlp_expected.h"
#include "tests/mlp_fast_math.h"
#include "tests/mul_add.h"

namespace {

using tfaot_test::MulAdd;

int32_t RunMulAdd(MulAdd& m, int32_t x, int32_t y) {
  *m.arg_x_data() = x;
  *m.arg_y_data() = y;
  EXPECT_TRUE(m.Run());
  return *m.result_result_data();
}

TEST(MulAddTest, HandComputedValues) {
  MulAdd m;
  EXPECT_EQ(RunMulAdd(m, 2, 3), 7);      // 2 * 3 + 1
  EXPECT_EQ(RunMulAdd(m, -4, 5), -19);   // -20 + 1
  EXPECT_EQ(RunMulAdd(m, 0, 123), 1);
  // 2 * (2^31 - 1) = 2^32 - 2 wraps to -2; + 1 = -1 (TensorFlow wraps too).
  EXPECT_EQ(RunMulAdd(m, std::numeric_limits<int32_t>::max(), 2), -1);
}

TEST(MulAddTest, StaticShapesAndCounts) {
  static_assert(MulAdd::kNumArgs == 2, "x and y");
  static_assert(MulAdd::kNumResults == 1, "result");
  static_assert(MulAdd::kArg_x_shape.size() == 0, "x is a scalar");
  static_assert(MulAdd::kResult_result_elements == 1, "");
  static_assert(MulAdd::kResult_result_bytes == 4, "");
  static_assert(std::is_same_v<decltype(std::declval<MulAdd&>().arg_x_data()), int32_t*>, "");
  EXPECT_GT(MulAdd::kArenaBytes, 0u);
  EXPECT_EQ(MulAdd::kArenaBytes % 64, 0u);
}

TEST(MulAddTest, InstancesDoNotShareState) {
  MulAdd a;
  MulAdd b;
  *a.arg_x_data() = 2;
  *a.arg_y_data() = 3;
  *b.arg_x_data() = 10;
  *b.arg_y_data() = 10;
  EXPECT_NE(static_cast<void*>(a.arg_x_data()), static_cast<void*>(b.arg_x_data()));
  ASSERT_TRUE(a.Run());
  ASSERT_TRUE(b.Run());
  EXPECT_EQ(*a.result_result_data(), 7);
  EXPECT_EQ(*b.result_result_data(), 101);
  // Running b again does not disturb a's inputs or result.
  *b.arg_x_data() = -1;
  ASSERT_TRUE(b.Run());
  EXPECT_EQ(*a.arg_x_data(), 2);
  EXPECT_EQ(*a.result_result_data(), 7);
  EXPECT_EQ(*b.result_result_data(), -9);
}

TEST(MulAddTest, RunTwiceGivesTheSameResultAndKeepsInputs) {
  MulAdd m;
  EXPECT_EQ(RunMulAdd(m, 6, 7), 43);
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(*m.result_result_data(), 43);
  EXPECT_EQ(*m.arg_x_data(), 6);
  EXPECT_EQ(*m.arg_y_data(), 7);
}

TEST(MulAddTest, PositionalAccessorsMatchNamedOnes) {
  MulAdd m;
  EXPECT_EQ(m.arg_data(0), static_cast<void*>(m.arg_x_data()));
  EXPECT_EQ(m.arg_data(1), static_cast<void*>(m.arg_y_data()));
  EXPECT_EQ(m.result_data(0), static_cast<void*>(m.result_result_data()));
  EXPECT_EQ(m.arg_data(2), nullptr);
  EXPECT_EQ(m.arg_data(-1), nullptr);
  EXPECT_EQ(m.result_data(1), nullptr);
  *static_cast<int32_t*>(m.arg_data(0)) = 4;
  *static_cast<int32_t*>(m.arg_data(1)) = 5;
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(*static_cast<int32_t*>(m.result_data(0)), 21);
}

TEST(MulAddTest, CallerOwnedArena) {
  alignas(64) unsigned char arena[MulAdd::kArenaBytes];
  MulAdd m(arena);
  EXPECT_EQ(RunMulAdd(m, 3, 3), 10);
  EXPECT_GE(reinterpret_cast<unsigned char*>(m.result_result_data()), arena);
  EXPECT_LT(reinterpret_cast<unsigned char*>(m.result_result_data()),
            arena + MulAdd::kArenaBytes);
}

TEST(MulAddTest, CEntryPoint) {
  ASSERT_EQ(tfaot_test_MulAdd_arena_bytes(), MulAdd::kArenaBytes);
  alignas(64) unsigned char arena[MulAdd::kArenaBytes + 64];
  int32_t x = 8, y = -2, result = 0;
  ASSERT_EQ(tfaot_test_MulAdd_run(&x, &y, &result, arena), 0);
  EXPECT_EQ(result, -15);
  EXPECT_EQ(tfaot_test_MulAdd_run(&x, &y, &result, arena + 4), 1);  // misaligned
}

TEST(AddVarsTest, FoldsToSeven) {
  tfaot_test::AddVars m;
  static_assert(tfaot_test::AddVars::kNumArgs == 0, "no feeds");
  static_assert(tfaot_test::AddVars::kResult_add_elements == 1, "");
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(m.result_add_data()[0], 7.0f);  // 3 + 4
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(m.result_add_data()[0], 7.0f);
}

TEST(FusedChainTest, ReluOfXTimesYPlusHalf) {
  FusedChain m;
  static_assert(FusedChain::kArg_x_elements == 32, "");
  for (int i = 0; i < 32; ++i) {
    m.arg_x_data()[i] = static_cast<float>(i);
    m.arg_y_data()[i] = i % 2 ? -0.5f : 0.25f;
  }
  ASSERT_TRUE(m.Run());
  for (int i = 0; i < 32; ++i) {
    // even i: i/4 + 0.5 (exact); odd i: 0.5 - i/2 < 0 -> 0.
    float want = i % 2 ? 0.0f : static_cast<float>(i) / 4 + 0.5f;
    EXPECT_EQ(m.result_relu_data()[i], want) << i;
  }
  for (int i = 0; i < 32; ++i) {
    m.arg_x_data()[i] = 3.0f;
    m.arg_y_data()[i] = 0.5f;
  }
  ASSERT_TRUE(m.Run());
  for (int i = 0; i < 32; ++i) EXPECT_EQ(m.result_relu_data()[i], 2.0f);  // 1.5 + 0.5
}

TEST(BroadcastTest, EachLeafWithItsOwnStrides) {
  tfaot_test::Broadcast m;
  for (int i = 0; i < 24; ++i) m.arg_x_data()[i] = static_cast<float>(i);
  const float row[4] = {0, 100, 200, 300};
  std::memcpy(m.arg_row_data(), row, sizeof(row));
  ASSERT_TRUE(m.Run());
  const float* out = m.result_out_data();
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[1], 1010.0f);   // (1 + 100) * 10
  EXPECT_EQ(out[2], 2020.0f);
  EXPECT_EQ(out[3], 3030.0f);
  EXPECT_EQ(out[5], 1050.0f);   // x[0,1,1] = 5: (5 + 100) * 10
  EXPECT_EQ(out[12], -12.0f);   // x[1,0,0] = 12: (12 + 0) * -1
  EXPECT_EQ(out[23], -323.0f);  // (23 + 300) * -1
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) {
        int i = a * 12 + b * 4 + c;
        EXPECT_EQ(out[i], (i + row[c]) * (a == 0 ? 10.0f : -1.0f)) << a << "," << b << "," << c;
      }
}

bool Close(float got, float want) {
  return std::fabs(got - want) <= 1e-5f + 1e-4f * std::fabs(want);
}

TEST(MlpTest, MatchesNumpy) {
  using tfaot_test::nn::Mlp;
  static_assert(Mlp::kArg_x_shape[0] == 2 && Mlp::kArg_x_shape[1] == 4, "");
  EXPECT_EQ(Mlp::kResult_probs_shape, (std::array<int64_t, 2>{2, 3}));
  EXPECT_EQ(Mlp::kResult_hidden_shape, (std::array<int64_t, 2>{2, 5}));
  auto m = std::make_unique<Mlp>();
  std::memcpy(m->arg_x_data(), kMlpInput, sizeof(kMlpInput));
  ASSERT_TRUE(m->Run());
  float max_error = 0;
  for (int i = 0; i < 6; ++i) {
    EXPECT_PRED2(Close, m->result_probs_data()[i], kMlpExpectedProbs[i]) << "probs " << i;
    max_error = std::max(max_error, std::fabs(m->result_probs_data()[i] - kMlpExpectedProbs[i]));
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_PRED2(Close, m->result_hidden_data()[i], kMlpExpectedHidden[i]) << "hidden " << i;
    max_error = std::max(max_error, std::fabs(m->result_hidden_data()[i] - kMlpExpectedHidden[i]));
  }
  for (int r = 0; r < 2; ++r) {
    const float* p = m->result_probs_data() + 3 * r;
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0f, 1e-6f);
  }
  std::printf("MLP max abs error vs numpy: %g\n", max_error);
  // Run again: same bits.
  float first[6];
  std::memcpy(first, m->result_probs_data(), sizeof(first));
  ASSERT_TRUE(m->Run());
  EXPECT_EQ(std::memcmp(first, m->result_probs_data(), sizeof(first)), 0);
}

// fast_math = True may reassociate and contract: still numpy's answer
// within the conformance tolerance on this small, well-conditioned model.
TEST(MlpTest, FastMathBuildStaysCloseToNumpy) {
  using tfaot_test::nn::MlpFastMath;
  auto m = std::make_unique<MlpFastMath>();
  std::memcpy(m->arg_x_data(), kMlpInput, sizeof(kMlpInput));
  ASSERT_TRUE(m->Run());
  for (int i = 0; i < 6; ++i)
    EXPECT_PRED2(Close, m->result_probs_data()[i], kMlpExpectedProbs[i]) << "probs " << i;
  for (int i = 0; i < 10; ++i)
    EXPECT_PRED2(Close, m->result_hidden_data()[i], kMlpExpectedHidden[i]) << "hidden " << i;
}

TEST(MlpTest, CEntryPointMatchesTheClass) {
  using tfaot_test::nn::Mlp;
  void* arena = std::aligned_alloc(64, Mlp::kArenaBytes);
  float probs[6], hidden[10];
  ASSERT_EQ(tfaot_test_nn_Mlp_run(kMlpInput, probs, hidden, arena), 0);
  std::free(arena);
  Mlp m;
  std::memcpy(m.arg_x_data(), kMlpInput, sizeof(kMlpInput));
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(std::memcmp(probs, m.result_probs_data(), sizeof(probs)), 0);
  EXPECT_EQ(std::memcmp(hidden, m.result_hidden_data(), sizeof(hidden)), 0);
}

}  // namespace
