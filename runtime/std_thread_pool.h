// A ThreadPool (runtime/thread_pool.h) on std::thread: num_threads - 1
// workers started by the constructor, the thread calling ParallelFor being
// the last one. Tasks are handed out one index at a time from a shared
// counter, so a worker that was descheduled (machines are shared) does not
// hold back the others.
//
// Idle workers sleep on a condition variable. After a parallel region a
// worker polls for the next one for a short while (kSpinMicros) before it
// sleeps, because a model's kernels follow one another within microseconds
// and a futex wake-up costs about as much; it never polls longer, so an idle
// pool takes no CPU time from the caller or anyone else.
//
// Generated code never creates one: the caller does, once, and hands it to
// set_thread_pool() (several models may share it, one ParallelFor at a time
// per pool; concurrent callers are serialized, so a task must not call
// ParallelFor on its own pool: generated kernels never nest). Link with
// -pthread.
#ifndef TFAOT_RUNTIME_STD_THREAD_POOL_H_
#define TFAOT_RUNTIME_STD_THREAD_POOL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/thread_pool.h"

namespace tfaot::rt {

class StdThreadPool final : public ThreadPool {
 public:
  // num_threads counts the caller: 1 starts no thread (everything inline).
  explicit StdThreadPool(int num_threads) : num_threads_(num_threads < 1 ? 1 : num_threads) {
    for (int t = 1; t < num_threads_; ++t) workers_.emplace_back([this] { WorkerLoop(); });
  }
  ~StdThreadPool() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  StdThreadPool(const StdThreadPool&) = delete;
  StdThreadPool& operator=(const StdThreadPool&) = delete;

  int num_threads() const override { return num_threads_; }

  void ParallelFor(int64_t n, void (*task)(void* context, int64_t i), void* context) override {
    if (n <= 0) return;
    if (workers_.empty() || n == 1) {
      for (int64_t i = 0; i < n; ++i) task(context, i);
      return;
    }
    std::lock_guard<std::mutex> one_region(region_mu_);
    Job job{task, context, n};
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = &job;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    RunTasks(job);
    // Wait for the workers that joined to finish their last task (polling
    // first: they usually finish within microseconds); a worker that wakes
    // after job_ is cleared finds nothing to do.
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = nullptr;
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(kSpinMicros);
    while (job.inside.load(std::memory_order_acquire) != 0 &&
           std::chrono::steady_clock::now() < until)
      for (int k = 0; k < 16; ++k) Pause();
    if (job.inside.load(std::memory_order_acquire) != 0) {
      std::unique_lock<std::mutex> lock(mu_);
      done_.wait(lock, [&] { return job.inside.load(std::memory_order_acquire) == 0; });
    }
  }

 private:
  struct Job {
    void (*task)(void*, int64_t);
    void* context;
    int64_t n;
    std::atomic<int64_t> next{0};
    // Workers running tasks of this job: raised under mu_ (while job_ points
    // here), lowered without it.
    std::atomic<int> inside{0};
  };
  static constexpr int kSpinMicros = 50;

  static void RunTasks(Job& job) {
    for (;;) {
      const int64_t i = job.next.fetch_add(1, std::memory_order_relaxed);
      if (i >= job.n) return;
      job.task(job.context, i);
    }
  }

  static void Pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  void WorkerLoop() {
    uint64_t seen = 0;  // the constructor's generation, not a later one
    for (;;) {
      // Poll briefly for the next region, then sleep.
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(kSpinMicros);
      while (generation_.load(std::memory_order_acquire) == seen &&
             std::chrono::steady_clock::now() < until)
        for (int k = 0; k < 64; ++k) Pause();
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_relaxed) != seen; });
        seen = generation_.load(std::memory_order_relaxed);
        if (stop_) return;
        job = job_;
        if (job) job->inside.fetch_add(1, std::memory_order_relaxed);
      }
      if (!job) continue;
      RunTasks(*job);
      // The job may be gone once inside reaches 0: touch only the pool after.
      if (job->inside.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mu_);
        done_.notify_one();
      }
    }
  }

  const int num_threads_;
  std::vector<std::thread> workers_;
  std::mutex region_mu_;  // one ParallelFor at a time
  std::mutex mu_;         // job_, stop_; raising Job::inside
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  Job* job_ = nullptr;
  bool stop_ = false;
};

}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_STD_THREAD_POOL_H_
