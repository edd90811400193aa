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

// fn(i) for every i in [0, n): on `pool` when there is one with more than one
// thread and more than one task, else inline and in order.
template <typename Fn>
inline void ParallelFor(ThreadPool* pool, int64_t n, Fn&& fn) {
  if (pool == nullptr || n <= 1 || pool->num_threads() <= 1) {
    for (int64_t i = 0; i < n; ++i) fn(i);
    return;
  }
  using F = std::remove_reference_t<Fn>;
  pool->ParallelFor(
      n, [](void* context, int64_t i) { (*static_cast<F*>(context))(i); },
      const_cast<void*>(static_cast<const void*>(&fn)));
}

}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_THREAD_POOL_H_
