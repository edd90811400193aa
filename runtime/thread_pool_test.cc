// The thread-pool interface's helpers and the std::thread pool: every index
// runs exactly once, workers really take part, no thread exists without a
// pool (or with a one-thread pool), and destruction joins the workers.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/std_thread_pool.h"
#include "runtime/thread_pool.h"

namespace tfaot::rt {
namespace {

// Threads of this process, from the kernel (/proc/self/status).
int ThreadsNow() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

TEST(ThreadPoolTest, WithoutPoolRunsInlineInOrder) {
  const int before = ThreadsNow();
  std::vector<int64_t> order;
  const std::thread::id me = std::this_thread::get_id();
  bool same_thread = true;
  ParallelFor(nullptr, 5, [&](int64_t i) {
    order.push_back(i);
    same_thread = same_thread && std::this_thread::get_id() == me;
  });
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_TRUE(same_thread);
  EXPECT_EQ(ThreadsNow(), before);
}

TEST(ThreadPoolTest, TaskCountStaysOneWithoutPoolOrForSmallWork) {
  StdThreadPool two(2);
  EXPECT_EQ(ParallelTaskCount(nullptr, int64_t{1} << 30, 100), 1);
  EXPECT_EQ(ParallelTaskCount(&two, kParallelMinWork - 1, 100), 1);
  EXPECT_EQ(ParallelTaskCount(&two, kParallelMinWork, 1), 1);
  EXPECT_EQ(ParallelTaskCount(&two, kParallelMinWork, 100), 2 * kTasksPerThread);
  EXPECT_EQ(ParallelTaskCount(&two, kParallelMinWork, 3), 3);
  StdThreadPool one(1);
  EXPECT_EQ(ParallelTaskCount(&one, int64_t{1} << 30, 100), 1);
}

TEST(ThreadPoolTest, RangesCoverInOrder) {
  StdThreadPool pool(3);
  for (int64_t n : {1, 2, 7, 100}) {
    for (int64_t tasks : {1, 2, 5, 12, 200}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
      std::atomic<int> calls{0};
      ParallelRanges(&pool, n, tasks, [&](int64_t begin, int64_t end) {
        ASSERT_LT(begin, end);
        for (int64_t i = begin; i < end; ++i) hits[static_cast<size_t>(i)]++;
        calls++;
      });
      for (int64_t i = 0; i < n; ++i) EXPECT_EQ(hits[static_cast<size_t>(i)], 1) << n << " " << i;
      EXPECT_EQ(calls.load(), std::min(std::max<int64_t>(tasks, 1), n)) << n << " " << tasks;
    }
  }
}

TEST(ThreadPoolTest, OneThreadPoolStartsNoThread) {
  const int before = ThreadsNow();
  StdThreadPool pool(1);
  EXPECT_EQ(pool.num_threads(), 1);
  int sum = 0;
  ParallelFor(&pool, 10, [&](int64_t i) { sum += static_cast<int>(i); });
  EXPECT_EQ(sum, 45);
  EXPECT_EQ(ThreadsNow(), before);
}

TEST(ThreadPoolTest, WorkersTakePartAndAreJoined) {
  const int before = ThreadsNow();
  {
    StdThreadPool pool(3);
    EXPECT_EQ(pool.num_threads(), 3);
    EXPECT_EQ(ThreadsNow(), before + 2);
    // Each task waits (bounded) until two threads are inside tasks at once:
    // it returns only when another thread than the first took a task.
    std::atomic<int> inside{0};
    std::mutex ids_mu;
    std::set<std::thread::id> ids;
    bool met = false;
    std::mutex met_mu;
    ParallelFor(&pool, 2, [&](int64_t) {
      {
        std::lock_guard<std::mutex> lock(ids_mu);
        ids.insert(std::this_thread::get_id());
      }
      inside++;
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (inside.load() < 2 && std::chrono::steady_clock::now() < until)
        std::this_thread::yield();
      std::lock_guard<std::mutex> lock(met_mu);
      met = met || inside.load() >= 2;
    });
    EXPECT_TRUE(met);
    EXPECT_EQ(ids.size(), 2u);
  }
  EXPECT_EQ(ThreadsNow(), before);
}

TEST(ThreadPoolTest, ManyRegionsEachIndexOnce) {
  StdThreadPool pool(3);
  std::vector<std::atomic<int>> hits(64);
  for (int round = 0; round < 2000; ++round) {
    const int64_t n = 1 + round % 64;
    ParallelFor(&pool, n, [&](int64_t i) { hits[static_cast<size_t>(i)]++; });
  }
  // Index i is below n in every round where i < 1 + round % 64.
  for (int64_t i = 0; i < 64; ++i) {
    int want = 0;
    for (int round = 0; round < 2000; ++round) want += i < 1 + round % 64;
    EXPECT_EQ(hits[static_cast<size_t>(i)], want) << i;
  }
}

TEST(ThreadPoolTest, CallersFromSeveralThreadsShareOnePool) {
  StdThreadPool pool(2);
  std::atomic<int64_t> total{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&] {
      for (int r = 0; r < 200; ++r) ParallelFor(&pool, 10, [&](int64_t i) { total += i; });
    });
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(total.load(), 3 * 200 * 45);
}

struct CPool {  // the shape of the generated header's TfaotThreadPool
  void* impl;
  int num_threads;
  void (*parallel_for)(void* impl, int64_t n, void (*task)(void*, int64_t), void* context);
};

TEST(ThreadPoolTest, CAdapterForwards) {
  struct Seen {
    int64_t n = 0;
  } seen;
  CPool c{&seen, 4, [](void* impl, int64_t n, void (*task)(void*, int64_t), void* context) {
            static_cast<Seen*>(impl)->n = n;
            for (int64_t i = n - 1; i >= 0; --i) task(context, i);  // any order is allowed
          }};
  CThreadPoolAdapter<CPool> adapter(c);
  EXPECT_EQ(adapter.num_threads(), 4);
  std::vector<int64_t> order;
  ParallelFor(&adapter, 3, [&](int64_t i) { order.push_back(i); });
  EXPECT_EQ(seen.n, 3);
  EXPECT_EQ(order, (std::vector<int64_t>{2, 1, 0}));
}

}  // namespace
}  // namespace tfaot::rt
