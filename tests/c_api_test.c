/* Compiled as C: the generated header must be valid C, and the extern "C"
 * entry point must compute what numpy computes (tests/mlp_oracle.py). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <pthread.h>
#include <string.h>

#include "tests/add_vars.h"
#include "tests/conv_pool.h"
#include "tests/mlp.h"
#include "tests/mlp_expected.h"
#include "tests/mul_add.h"

static int Close(float got, float want) {
  return fabsf(got - want) <= 1e-5f + 1e-4f * fabsf(want);
}

/* A C caller's thread pool for the _run_with_pool entry: each parallel_for
 * starts num_threads - 1 pthreads, thread t running the tasks i with
 * i % num_threads == t (the caller is thread 0), then joins them. */
typedef struct {
  void (*task)(void* context, int64_t i);
  void* context;
  int64_t n, first, step;
} Share;

static void* RunShare(void* arg) {
  Share* s = (Share*)arg;
  int64_t i;
  for (i = s->first; i < s->n; i += s->step) s->task(s->context, i);
  return NULL;
}

typedef struct {
  int regions;
  int threads_started;
} PoolStats;

static void PthreadParallelFor(void* impl, int64_t n, void (*task)(void* context, int64_t i),
                               void* context) {
  enum { kThreads = 3 };
  PoolStats* stats = (PoolStats*)impl;
  pthread_t threads[kThreads];
  Share shares[kThreads];
  int t;
  ++stats->regions;
  for (t = 0; t < kThreads; ++t) {
    shares[t].task = task;
    shares[t].context = context;
    shares[t].n = n;
    shares[t].first = t;
    shares[t].step = kThreads;
  }
  for (t = 1; t < kThreads; ++t)
    if (pthread_create(&threads[t], NULL, RunShare, &shares[t]) == 0) ++stats->threads_started;
  RunShare(&shares[0]);
  for (t = 1; t < kThreads; ++t) pthread_join(threads[t], NULL);
}

/* conv_pool's input and its result by hand: filter taps 0.125, bias -0.5,
 * SAME padding, Relu, 2x2 max pool (the same for every channel). */
static float ConvPoolInput(int h, int w, int c) {
  return (float)((h * 7 + w * 3 + c) % 11) / 8.0f - 0.5f;
}

static double ConvPoolConv(int h, int w) {
  double sum = 0;
  int y, x, c;
  for (y = h - 1; y <= h + 1; ++y)
    for (x = w - 1; x <= w + 1; ++x)
      if (y >= 0 && y < 64 && x >= 0 && x < 64)
        for (c = 0; c < 8; ++c) sum += ConvPoolInput(y, x, c);
  sum = 0.125 * sum - 0.5;
  return sum > 0 ? sum : 0;
}

static int ConvPoolOnPool(void) {
  enum { kIn = 64 * 64 * 8, kOut = 32 * 32 * 16 };
  static float x[kIn], serial[kOut], pooled[kOut];
  PoolStats stats = {0, 0};
  TfaotThreadPool pool;
  unsigned char* arena = aligned_alloc(64, (tfaot_test_ConvPool_arena_bytes() + 63) / 64 * 64);
  int failures = 0, h, w, c;
  for (h = 0; h < 64; ++h)
    for (w = 0; w < 64; ++w)
      for (c = 0; c < 8; ++c) x[(h * 64 + w) * 8 + c] = ConvPoolInput(h, w, c);
  pool.impl = &stats;
  pool.num_threads = 3;
  pool.parallel_for = PthreadParallelFor;
  if (!arena || tfaot_test_ConvPool_run(x, serial, arena) != 0 ||
      tfaot_test_ConvPool_run_with_pool(x, pooled, arena, &pool) != 0) {
    printf("FAIL: conv_pool did not run\n");
    free(arena);
    return 1;
  }
  if (stats.regions != 1 || stats.threads_started != 2) {
    printf("FAIL: the pool ran %d regions on %d threads, want 1 on 2\n", stats.regions,
           stats.threads_started);
    ++failures;
  }
  if (memcmp(serial, pooled, sizeof(serial)) != 0) {
    printf("FAIL: conv_pool differs with a pool\n");
    ++failures;
  }
  for (h = 0; h < 32 && failures < 10; ++h)
    for (w = 0; w < 32; ++w) {
      double a = ConvPoolConv(2 * h, 2 * w), b = ConvPoolConv(2 * h, 2 * w + 1);
      double d = ConvPoolConv(2 * h + 1, 2 * w), e = ConvPoolConv(2 * h + 1, 2 * w + 1);
      double m = a > b ? a : b;
      m = m > d ? m : d;
      m = m > e ? m : e;
      for (c = 0; c < 16; ++c)
        if (!Close(pooled[(h * 32 + w) * 16 + c], (float)m)) {
          printf("FAIL: conv_pool y[%d,%d,%d] = %.9g, by hand %.9g\n", h, w, c,
                 pooled[(h * 32 + w) * 16 + c], m);
          ++failures;
        }
    }
  free(arena);
  return failures;
}

int main(void) {
  size_t bytes = tfaot_test_nn_Mlp_arena_bytes();
  size_t rounded = (bytes + 64 + 63) / 64 * 64; /* room for a misaligned try */
  unsigned char* arena = aligned_alloc(64, rounded);
  float probs[6];
  float hidden[10];
  int failures = 0;
  int i;
  if (!arena || bytes == 0) {
    printf("FAIL: arena of %zu bytes\n", bytes);
    return 1;
  }
  if (tfaot_test_nn_Mlp_run(kMlpInput, probs, hidden, arena) != 0) {
    printf("FAIL: run returned non-zero on an aligned arena\n");
    return 1;
  }
  for (i = 0; i < 6; ++i) {
    if (!Close(probs[i], kMlpExpectedProbs[i])) {
      printf("FAIL: probs[%d] = %.9g, numpy says %.9g\n", i, probs[i], kMlpExpectedProbs[i]);
      ++failures;
    }
  }
  for (i = 0; i < 10; ++i) {
    if (!Close(hidden[i], kMlpExpectedHidden[i])) {
      printf("FAIL: hidden[%d] = %.9g, numpy says %.9g\n", i, hidden[i], kMlpExpectedHidden[i]);
      ++failures;
    }
  }
  if (tfaot_test_nn_Mlp_run(kMlpInput, probs, hidden, arena + 1) != 1) {
    printf("FAIL: a misaligned arena was not refused\n");
    ++failures;
  }
  {
    /* Integer feeds; and a model without feeds. Hand values: 2 * 3 + 1, 3 + 4. */
    int32_t x = 2, y = 3, result = 0;
    float sum = 0.0f;
    unsigned char* small = aligned_alloc(64, 64 * 16);
    if (tfaot_test_MulAdd_arena_bytes() > 64 * 16 || tfaot_test_AddVars_arena_bytes() > 64 * 16 ||
        tfaot_test_MulAdd_run(&x, &y, &result, small) != 0 || result != 7 ||
        tfaot_test_AddVars_run(&sum, small) != 0 || sum != 7.0f) {
      printf("FAIL: mul_add gave %d, add_vars gave %g\n", (int)result, sum);
      ++failures;
    }
    free(small);
  }
  free(arena);
  failures += ConvPoolOnPool();
  if (failures == 0) printf("PASS\n");
  return failures == 0 ? 0 : 1;
}
