// Generated models promise that instances share no mutable state, so several
// instances may run at the same time on different threads. This test runs
// several instances of nine models (fast Conv2D tiles, the 8-channel path,
// depthwise, GEMV, vector MaxPool, softmax, fused loops) on kThreads threads
// at once and checks every result against a serial run of the same inputs,
// byte for byte. Under --config=tsan, ThreadSanitizer also checks that no two
// threads touch the same memory without synchronization.
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/std_thread_pool.h"
#include "tests/concurrency/conv.h"
#include "tests/concurrency/conv8_native.h"
#include "tests/concurrency/conv_native.h"
#include "tests/concurrency/dw.h"
#include "tests/concurrency/fused_chain.h"
#include "tests/concurrency/gemv.h"
#include "tests/concurrency/maxpool.h"
#include "tests/concurrency/mlp.h"
#include "tests/concurrency/softmax.h"

namespace {

constexpr int kThreads = 4;
constexpr int kInstancesPerThread = 2;
constexpr int kRounds = 6;
constexpr int kSeeds = 5;  // distinct inputs; round r of thread t uses seed (t + r) % kSeeds

// Deterministic float inputs for `seed`: small multiples of 1/4 in [-2, 2].
template <typename Model>
void FillInputs(Model& model, int seed) {
  for (int a = 0; a < Model::kNumArgs; ++a) {
    float* data = static_cast<float*>(model.arg_data(a));
    const size_t n = Model::kArgBytes[a] / sizeof(float);
    for (size_t i = 0; i < n; ++i) {
      uint32_t h = static_cast<uint32_t>(i * 2654435761u + seed * 40503u + a * 977u);
      data[i] = static_cast<float>(static_cast<int>((h >> 7) % 17) - 8) / 4.0f;
    }
  }
}

template <typename Model>
std::string Results(Model& model) {
  std::string out;
  for (int r = 0; r < Model::kNumResults; ++r)
    out.append(static_cast<const char*>(model.result_data(r)), Model::kResultBytes[r]);
  return out;
}

// The serial run: one fresh instance per seed, on this thread.
template <typename Model>
std::vector<std::string> SerialResults() {
  std::vector<std::string> expected;
  for (int seed = 0; seed < kSeeds; ++seed) {
    Model model;
    FillInputs(model, seed);
    model.Run();
    expected.push_back(Results(model));
  }
  return expected;
}

struct Counts {
  std::atomic<int> runs{0};
  std::atomic<int> mismatches{0};
};

// Each thread owns kInstancesPerThread instances and runs them round after round.
template <typename Model>
void RunConcurrently(const std::vector<std::string>& expected, Counts& counts) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<Model> models(kInstancesPerThread);
      for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < kInstancesPerThread; ++i) {
          const int seed = (t + round + i) % kSeeds;
          FillInputs(models[i], seed);
          models[i].Run();
          if (Results(models[i]) != expected[seed]) ++counts.mismatches;
          ++counts.runs;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
}

template <typename Model>
void CheckModel(const char* name) {
  const std::vector<std::string> expected = SerialResults<Model>();
  // Distinct seeds must give distinct results, or the comparison proves little.
  ASSERT_NE(expected[0], expected[1]) << name;
  Counts counts;
  RunConcurrently<Model>(expected, counts);
  EXPECT_EQ(counts.runs.load(), kThreads * kRounds * kInstancesPerThread) << name;
  EXPECT_EQ(counts.mismatches.load(), 0) << name << ": concurrent results differ from the serial run";
}

TEST(ConcurrentInstances, EachModelOnManyThreadsMatchesSerialRun) {
  CheckModel<concurrency::Conv>("conv");
  CheckModel<concurrency::ConvNative>("conv_native");
  CheckModel<concurrency::Conv8Native>("conv8_native");
  CheckModel<concurrency::Depthwise>("dw");
  CheckModel<concurrency::Gemv>("gemv");
  CheckModel<concurrency::MaxPool>("maxpool");
  CheckModel<concurrency::Softmax>("softmax");
  CheckModel<concurrency::Mlp>("mlp");
  CheckModel<concurrency::FusedChain>("fused_chain");
}

// All models at once: every thread runs one instance of each in turn, so
// different kernels overlap in time.
TEST(ConcurrentInstances, AllModelsAtOnceMatchSerialRuns) {
  const auto conv = SerialResults<concurrency::Conv>();
  const auto dw = SerialResults<concurrency::Depthwise>();
  const auto gemv = SerialResults<concurrency::Gemv>();
  const auto pool = SerialResults<concurrency::MaxPool>();
  const auto mlp = SerialResults<concurrency::Mlp>();
  std::atomic<int> runs{0}, mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      concurrency::Conv c;
      concurrency::Depthwise d;
      concurrency::Gemv g;
      concurrency::MaxPool p;
      concurrency::Mlp m;
      for (int round = 0; round < kRounds; ++round) {
        const int seed = (t * 3 + round) % kSeeds;
        auto step = [&](auto& model, const std::vector<std::string>& expected) {
          FillInputs(model, seed);
          model.Run();
          if (Results(model) != expected[seed]) ++mismatches;
          ++runs;
        };
        step(c, conv);
        step(d, dw);
        step(g, gemv);
        step(p, pool);
        step(m, mlp);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(runs.load(), kThreads * kRounds * 5);
  EXPECT_EQ(mismatches.load(), 0);
}

// One instance on a pool, then several instances (one per thread) sharing
// one pool: results equal the serial run without a pool. (Kernels below the
// pool's work threshold stay on the calling thread; //tests/threads checks
// that split kernels are bit-identical at any thread count.)
template <typename Model>
void CheckModelOnPool(const char* name, tfaot::rt::ThreadPool& pool) {
  const std::vector<std::string> expected = SerialResults<Model>();
  Model alone;
  alone.set_thread_pool(&pool);
  for (int seed = 0; seed < kSeeds; ++seed) {
    FillInputs(alone, seed);
    alone.Run();
    EXPECT_EQ(Results(alone), expected[seed]) << name << " on a pool, seed " << seed;
  }
  std::atomic<int> runs{0}, mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Model model;
      model.set_thread_pool(&pool);
      for (int round = 0; round < kRounds; ++round) {
        const int seed = (t + round) % kSeeds;
        FillInputs(model, seed);
        model.Run();
        if (Results(model) != expected[seed]) ++mismatches;
        ++runs;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(runs.load(), kThreads * kRounds) << name;
  EXPECT_EQ(mismatches.load(), 0) << name << ": instances sharing a pool differ from the serial run";
}

TEST(ConcurrentInstances, OneInstanceWithAPoolAndInstancesSharingAPool) {
  tfaot::rt::StdThreadPool pool(3);
  CheckModelOnPool<concurrency::Conv>("conv", pool);
  CheckModelOnPool<concurrency::ConvNative>("conv_native", pool);
  CheckModelOnPool<concurrency::Depthwise>("dw", pool);
  CheckModelOnPool<concurrency::Gemv>("gemv", pool);
  CheckModelOnPool<concurrency::MaxPool>("maxpool", pool);
  CheckModelOnPool<concurrency::Mlp>("mlp", pool);
  CheckModelOnPool<concurrency::FusedChain>("fused_chain", pool);
}

}  // namespace
