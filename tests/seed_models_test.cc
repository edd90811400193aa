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
#include "runtime/std_thread_pool.h"
#include "tests/add_vars.h"
#include "tests/conv_pool.h"
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

// ---- conv_pool: the class API on a thread pool ----------------------------

using tfaot_test::ConvPool;

float ConvPoolInput(int h, int w, int c) { return static_cast<float>((h * 7 + w * 3 + c) % 11) / 8.0f - 0.5f; }

// By hand: every filter tap is 0.125, the bias -0.5, SAME padding, then
// Relu and a 2x2 max pool; sums in double.
std::vector<float> ConvPoolByHand() {
  auto conv = [](int h, int w) {
    double sum = 0;
    for (int y = h - 1; y <= h + 1; ++y)
      for (int x = w - 1; x <= w + 1; ++x)
        if (y >= 0 && y < 64 && x >= 0 && x < 64)
          for (int c = 0; c < 8; ++c) sum += ConvPoolInput(y, x, c);
    return std::max(0.0, 0.125 * sum - 0.5);
  };
  std::vector<float> out;
  for (int h = 0; h < 32; ++h)
    for (int w = 0; w < 32; ++w) {
      double m = std::max(std::max(conv(2 * h, 2 * w), conv(2 * h, 2 * w + 1)),
                          std::max(conv(2 * h + 1, 2 * w), conv(2 * h + 1, 2 * w + 1)));
      for (int c = 0; c < 16; ++c) out.push_back(static_cast<float>(m));  // same for every channel
    }
  return out;
}

void FillConvPool(ConvPool& m) {
  for (int h = 0; h < 64; ++h)
    for (int w = 0; w < 64; ++w)
      for (int c = 0; c < 8; ++c) m.arg_x_data()[(h * 64 + w) * 8 + c] = ConvPoolInput(h, w, c);
}

// Counts the parallel regions it runs (on a StdThreadPool).
class CountingPool : public tfaot::rt::ThreadPool {
 public:
  explicit CountingPool(int threads) : pool_(threads) {}
  int num_threads() const override { return pool_.num_threads(); }
  void ParallelFor(int64_t n, void (*task)(void*, int64_t), void* context) override {
    ++regions;
    pool_.ParallelFor(n, task, context);
  }
  int regions = 0;

 private:
  tfaot::rt::StdThreadPool pool_;
};

TEST(ConvPoolTest, MatchesHandArithmeticWithoutPool) {
  auto m = std::make_unique<ConvPool>();
  EXPECT_EQ(m->thread_pool(), nullptr);
  FillConvPool(*m);
  ASSERT_TRUE(m->Run());
  std::vector<float> want = ConvPoolByHand();
  ASSERT_EQ(want.size(), ConvPool::kResult_y_elements);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(m->result_y_data()[i], want[i], 1e-5 + 1e-5 * std::fabs(want[i])) << i;
}

TEST(ConvPoolTest, BitIdenticalOnPoolsOfOneTwoThreeThreads) {
  auto serial = std::make_unique<ConvPool>();
  FillConvPool(*serial);
  ASSERT_TRUE(serial->Run());
  for (int threads : {1, 2, 3}) {
    CountingPool pool(threads);
    auto m = std::make_unique<ConvPool>();
    m->set_thread_pool(&pool);
    EXPECT_EQ(m->thread_pool(), &pool);
    FillConvPool(*m);
    for (int run = 0; run < 3; ++run) {
      ASSERT_TRUE(m->Run());
      EXPECT_EQ(std::memcmp(m->result_y_data(), serial->result_y_data(), ConvPool::kResult_y_bytes), 0)
          << threads << " threads, run " << run;
    }
    // A one-thread pool is never asked (the kernels see nothing to split).
    if (threads == 1)
      EXPECT_EQ(pool.regions, 0);
    else
      EXPECT_EQ(pool.regions, 3) << "one region per Run() for the one large kernel";
    m->set_thread_pool(nullptr);
    ASSERT_TRUE(m->Run());
    EXPECT_EQ(pool.regions, threads == 1 ? 0 : 3);  // back on the calling thread
  }
}

TEST(ConvPoolTest, CEntryWithAndWithoutPool) {
  auto a = std::make_unique<ConvPool>();
  FillConvPool(*a);
  const size_t bytes = (ConvPool::kArenaBytes + 63) / 64 * 64;
  std::unique_ptr<void, decltype(&std::free)> arena(std::aligned_alloc(64, bytes), &std::free);
  std::vector<float> serial(ConvPool::kResult_y_elements), pooled(ConvPool::kResult_y_elements);
  ASSERT_EQ(tfaot_test_ConvPool_run(a->arg_x_data(), serial.data(), arena.get()), 0);
  CountingPool pool(2);
  TfaotThreadPool c_pool{&pool, pool.num_threads(),
                         [](void* impl, int64_t n, void (*task)(void*, int64_t), void* context) {
                           static_cast<CountingPool*>(impl)->ParallelFor(n, task, context);
                         }};
  ASSERT_EQ(tfaot_test_ConvPool_run_with_pool(a->arg_x_data(), pooled.data(), arena.get(), &c_pool), 0);
  EXPECT_EQ(pool.regions, 1);
  EXPECT_EQ(std::memcmp(serial.data(), pooled.data(), ConvPool::kResult_y_bytes), 0);
  ASSERT_EQ(tfaot_test_ConvPool_run_with_pool(a->arg_x_data(), pooled.data(), arena.get(), nullptr), 0);
  EXPECT_EQ(pool.regions, 1);
  EXPECT_EQ(std::memcmp(serial.data(), pooled.data(), ConvPool::kResult_y_bytes), 0);
}

}  // namespace
