// The thread-pool interface generated models may run their large kernels on
// (tfcompile's set_thread_pool). The caller owns the pool; a model never
// creates threads itself. Without a pool every kernel runs on the caller's
// thread, in order: no thread is started and no lock is taken.
//
// Kernels split their work by output blocks (rows, columns, channels), never
// inside a reduction, so every output element is computed by the same
// instructions in the same order whatever the thread count: results are
// bit-identical with 1, 2 or N threads.
#ifndef TFAOT_RUNTIME_THREAD_POOL_H_
#define TFAOT_RUNTIME_THREAD_POOL_H_

#include <cstdint>
#include <type_traits>

#include "runtime/float_env.h"
#include "runtime/isa.h"

namespace tfaot::rt {

class ThreadPool {
 public:
  virtual ~ThreadPool() = default;
  // Threads that run tasks, counting the thread that calls ParallelFor.
  virtual int num_threads() const = 0;
  // Calls task(context, i) once for every i in [0, n), possibly concurrently,
  // and returns when every call has returned. The calling thread takes part.
  virtual void ParallelFor(int64_t n, void (*task)(void* context, int64_t i), void* context) = 0;
};

// The rest is built with each model's flags: runtime/isa.h.
inline namespace TFAOT_RT_ISA {

// fn(i) for every i in [0, n): on `pool` when there is one with more than one
// thread and more than one task, else inline and in order.
template <typename Fn>
inline void ParallelFor(ThreadPool* pool, int64_t n, Fn&& fn) {
  if (pool == nullptr || n <= 1 || pool->num_threads() <= 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
  using F = std::remove_reference_t<Fn>;
  // A worker runs the task with denormals flushed to zero, as Run() does on
  // the caller's thread (runtime/float_env.h): else a worker's blocks would
  // keep denormals the caller's blocks flush, and results would depend on
  // the thread count.
  pool->ParallelFor(
      n,
      [](void* context, int64_t i) {
        ScopedFlushDenormal flush_denormals;
        (*static_cast<F*>(context))(i);
      },
      const_cast<void*>(static_cast<const void*>(&fn)));
}

// A ThreadPool over a C struct of function pointers (the generated header's
// TfaotThreadPool, which C callers implement): `impl`, `num_threads` and
// `parallel_for(impl, n, task, context)` with ThreadPool::ParallelFor's contract.
template <typename CPool>
class CThreadPoolAdapter final : public ThreadPool {
 public:
  explicit CThreadPoolAdapter(const CPool& pool) : pool_(pool) {}
  int num_threads() const override { return pool_.num_threads; }
  void ParallelFor(int64_t n, void (*task)(void* context, int64_t i), void* context) override {
    pool_.parallel_for(pool_.impl, n, task, context);
  }

 private:
  const CPool& pool_;
};

// Work below this (in multiply-adds, or elements for elementwise loops) stays
// on the calling thread: handing a task to a worker and waiting for it costs
// a few microseconds, about what 2^18 multiply-adds take on one core, so a
// pool never makes a small op slower.
constexpr int64_t kParallelMinWork = int64_t{1} << 18;
// Tasks per thread when an op is split: more than one, so that a thread the
// OS preempts (machines are shared) holds up a small share of the work.
constexpr int64_t kTasksPerThread = 4;

// How many tasks to cut `blocks` independent output blocks costing `work`
// in all into: 1 (run inline) without a pool, with one thread or below
// kParallelMinWork; else up to kTasksPerThread per thread.
inline int64_t ParallelTaskCount(const ThreadPool* pool, int64_t work, int64_t blocks) {
  if (pool == nullptr || blocks <= 1 || work < kParallelMinWork) return 1;
  const int64_t want = pool->num_threads() * kTasksPerThread;
  if (pool->num_threads() <= 1) return 1;
  return blocks < want ? blocks : want;
}

// fn(begin, end) for `tasks` contiguous ranges that cover [0, n) in order
// (sizes differing by at most one): fn(0, n) once when tasks <= 1.
template <typename Fn>
inline void ParallelRanges(ThreadPool* pool, int64_t n, int64_t tasks, Fn&& fn) {
  if (tasks <= 1 || n <= 1) {
    if (n > 0) fn(int64_t{0}, n);
    return;
  }
  if (tasks > n) tasks = n;
  ParallelFor(pool, tasks, [&](int64_t t) { fn(t * n / tasks, (t + 1) * n / tasks); });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_THREAD_POOL_H_
