// Register-blocked float32 matrix products that the select-kernels pass picks
// for MatMul and BatchMatMul (compiler/ops/kernels/fast_gemm.cc):
// C = act(op(A) * B + bias + residual), per batch.
//
// B is packed into panels of 16 columns, [ceil(n/16)][k][16] per matrix
// (zero-padded): at compile time for constant weights, else at run time by
// PackGemmPanels. A is read in place, row-major [m][k] or transposed [k][m].
// A tile of W rows x P panels (AVX-512: 12 x 32 columns, 24 zmm accumulators;
// AVX2: 6 x 16; SSE2: 3 x 16) stays in registers while the kernel runs over
// k: per step P vector loads of B and W broadcasts of A.
//
// Blocking (GemmShape::kc, mc, nc, chosen at compile time by PlanGemm from
// the static sizes): the k range is cut into passes of kc steps so that a
// tile's B panels (kc x 16P floats) stay in L1 while every row tile of the
// block reuses them; C keeps the partial sums between passes. The output is
// split into blocks of mc rows x nc columns, the tasks a thread pool runs.
//
// Numerics: every output sums over k in order from zero (`acc += a * b`, the
// expression of rt::MatMul's loop; GCC contracts both to FMA where the
// target has it), whatever the tile, block or thread that computes it, then
// adds the bias, then the residual, then applies Relu/Relu6: bit for bit
// rt::MatMul followed by the graph's adds, and identical for any thread count.
#ifndef TFAOT_RUNTIME_FAST_GEMM_H_
#define TFAOT_RUNTIME_FAST_GEMM_H_

#include <cstdint>
#include <cstring>

#if defined(__AVX__)
#include <immintrin.h>
#endif

#include "runtime/batch_matmul.h"
#include "runtime/fast_conv_base.h"
#include "runtime/thread_pool.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {

constexpr int kGemmPanel = kConvBlock;  // columns per packed panel

struct GemmShape {
  int64_t m, k, n;  // per batch: C[m][n] = A[m][k] (or A[k][m] transposed) * B[k][n]
  int64_t kc;       // k steps per pass (C holds the partial sums between passes)
  int64_t mc, nc;   // rows and columns of C per task (nc a multiple of 32)
  int64_t rank;     // batch dimensions of C; 0 for one matrix
  int64_t dims[kMaxBatchRank];
  int64_t a_strides[kMaxBatchRank];  // in matrices; 0 where A is broadcast
  int64_t b_strides[kMaxBatchRank];  // in packed matrices; 0 where B is broadcast
};

inline int64_t PackedGemmSize(int64_t k, int64_t n) {
  return (n + kGemmPanel - 1) / kGemmPanel * kGemmPanel * k;
}

// Packs `count` matrices B, each [k][n] (or [n][k] when transpose_b), into
// `count` consecutive packed matrices.
inline void PackGemmPanels(const float* b, int64_t count, int64_t k, int64_t n,
                           bool transpose_b, float* packed) {
  const int64_t panels = (n + kGemmPanel - 1) / kGemmPanel;
  for (int64_t i = 0; i < count; ++i, b += k * n) {
    for (int64_t q = 0; q < panels; ++q, packed += k * kGemmPanel) {
      const int64_t j0 = q * kGemmPanel;
      const int64_t cols = n - j0 < kGemmPanel ? n - j0 : kGemmPanel;
      if (cols < kGemmPanel)
        for (int64_t e = 0; e < k * kGemmPanel; ++e) packed[e] = 0.0f;
      if (transpose_b) {
        for (int64_t jj = 0; jj < cols; ++jj)
          for (int64_t p = 0; p < k; ++p) packed[p * kGemmPanel + jj] = b[(j0 + jj) * k + p];
      } else {
        for (int64_t p = 0; p < k; ++p)
          std::memcpy(packed + p * kGemmPanel, b + p * n + j0, cols * sizeof(float));
      }
    }
  }
}

// Below this many multiply-adds per task, splitting for threads costs more
// than it gains.
constexpr int64_t kGemmMinTaskMacs = 64 * 1024;

// The blocking for shape `s` (m, k, n and the batches set): kc, mc and nc.
inline void PlanGemm(GemmShape* s) {
  int64_t batches = 1;
  for (int64_t i = 0; i < s->rank; ++i) batches *= s->dims[i];
  // A tile's B panels (kc x 32 floats) and A rows (kc x 12) in half of a
  // 48 KiB L1: passes of at most 256 steps, balanced.
  const int64_t passes = (s->k + 255) / 256;
  s->kc = (s->k + passes - 1) / passes;
  // Tasks per matrix: a power of two up to 16 (even shares for 2 or 4
  // threads), each of at least kGemmMinTaskMacs; one when the batches are
  // enough tasks. Whole 32-column groups split evenly first (a task then
  // reads only its part of B), then rows, at least 8 per block.
  const int64_t macs = s->m * s->k * s->n;
  int64_t tasks = 1;
  while (batches < 4 && tasks < 16 && macs / (2 * tasks) >= kGemmMinTaskMacs) tasks *= 2;
  const int64_t groups = (s->n + 31) / 32;
  int64_t col_blocks = tasks;
  while (groups % col_blocks != 0) col_blocks /= 2;
  s->nc = groups / col_blocks * 32;
  int64_t row_blocks = tasks / col_blocks;
  if (row_blocks > (s->m + 7) / 8) row_blocks = (s->m + 7) / 8;
  s->mc = (s->m + row_blocks - 1) / row_blocks;
}

// Folds the batches into the rows when B is the same matrix for every batch
// and A's matrices are consecutive row-major blocks: one taller product.
inline void FoldGemmBatches(GemmShape* s, bool transpose_a) {
  if (s->rank == 0 || transpose_a) return;
  int64_t expect = 1;
  for (int64_t i = s->rank - 1; i >= 0; --i) {
    if (s->b_strides[i] != 0 || (s->dims[i] > 1 && s->a_strides[i] != expect)) return;
    expect *= s->dims[i];
  }
  s->m *= expect;
  s->rank = 0;
}

namespace fast_gemm {

// The target's own vector (GCC keeps wider `vector_size` types in memory
// across the k loop when they span several registers). Tiles: W rows x P
// panels, accumulators + B vectors + a broadcast fit the register file.
#if defined(__AVX512F__)
typedef float Vec __attribute__((vector_size(64)));
constexpr int kRows = 12;  // 12 x 2 zmm accumulators
constexpr int kPanels = 2;
constexpr int kRowGroup = 4;  // rows addressed from one pointer (see Tile)
#elif defined(__AVX__)
typedef float Vec __attribute__((vector_size(32)));
constexpr int kRows = 6;  // 6 x 2 ymm
constexpr int kPanels = 1;
constexpr int kRowGroup = 3;
#else
typedef float Vec __attribute__((vector_size(16)));
constexpr int kRows = 2;  // 2 x 4 xmm
constexpr int kPanels = 1;
constexpr int kRowGroup = 2;
#endif
typedef float VecU __attribute__((vector_size(sizeof(Vec)), aligned(4), may_alias));
constexpr int kLanes = sizeof(Vec) / sizeof(float);

TFAOT_FAST_INLINE Vec Load(const float* p) { return *reinterpret_cast<const VecU*>(p); }
TFAOT_FAST_INLINE void Store(float* p, Vec v) { *reinterpret_cast<VecU*>(p) = v; }
// The first n lanes (n < kLanes); the others are zero / left untouched.
#if defined(__AVX512F__)
TFAOT_FAST_INLINE Vec LoadPartial(const float* p, int64_t n) {
  return (Vec)_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p);
}
TFAOT_FAST_INLINE void StorePartial(float* p, Vec v, int64_t n) {
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), (__m512)v);
}
#elif defined(__AVX__)
// Loaded from memory: a mask built in a register would stay hoisted in one
// across the tile's k loop and push an accumulator out of the register file.
TFAOT_FAST_INLINE __m256i LaneMask(int64_t n) {
  alignas(64) static constexpr int32_t kOnes[16] = {-1, -1, -1, -1, -1, -1, -1, -1};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kOnes + 8 - n));
}
TFAOT_FAST_INLINE Vec LoadPartial(const float* p, int64_t n) {
  return (Vec)_mm256_maskload_ps(p, LaneMask(n));
}
TFAOT_FAST_INLINE void StorePartial(float* p, Vec v, int64_t n) {
  _mm256_maskstore_ps(p, LaneMask(n), (__m256)v);
}
#else
// Inline (a call would make GCC keep the accumulators in memory: every
// vector register is caller-saved).
TFAOT_FAST_INLINE Vec LoadPartial(const float* p, int64_t n) {
  Vec v = Vec{};
  for (int64_t i = 0; i < n; ++i) v[i] = p[i];
  return v;
}
TFAOT_FAST_INLINE void StorePartial(float* p, Vec v, int64_t n) {
  for (int64_t i = 0; i < n; ++i) p[i] = v[i];
}
#endif

// Where one task's tiles read and write.
struct Block {
  const float* a;     // A of this batch
  int64_t lda;        // k (row-major) or m (transposed)
  const float* b;     // packed B of this batch
  int64_t pstride;    // floats between panels: k * 16
  const float* bias;  // [n] or nullptr
  const float* res;   // residual [m][n] of this batch, or nullptr
  float* c;           // C of this batch
  int64_t ldc;        // n
};

// Lanes [0, n) of the vector at `p` (n <= kLanes; all of them when n == kLanes).
TFAOT_FAST_INLINE Vec LoadValid(const float* p, int64_t n) {
  return n == kLanes ? Load(p) : LoadPartial(p, n);
}

template <int kAct>
TFAOT_FAST_INLINE Vec Finish(Vec acc, const float* bias, const float* res, int64_t n) {
  Vec v = acc;
  if (bias) v += LoadValid(bias, n);
  if (res) v += LoadValid(res, n);
  const Vec zero = Vec{};
  if (kAct == kConvActRelu || kAct == kConvActRelu6) v = v < zero ? zero : v;
  if (kAct == kConvActRelu6) {
    const Vec six = zero + 6.0f;
    v = v > six ? six : v;
  }
  return v;
}

// C[i0 .. i0+W, panels q .. q+P] over steps [p0, p0 + kb): V vectors per
// row; only the columns before `ncols` (counted from panel q) exist.
// `first`: start from zero, else from C; `last`: finish with the epilogue.
template <int W, int P, bool kAT, int kAct>
TFAOT_FAST_INLINE void Tile(const Block& blk, int64_t i0, int64_t q, int64_t p0, int64_t kb,
                            int64_t ncols, bool first, bool last) {
  constexpr int V = P * kGemmPanel / kLanes;
  Vec acc[V][W];
  const int64_t col0 = q * kGemmPanel;
  float* c = blk.c + i0 * blk.ldc + col0;
  // Lanes of vector v that hold columns of C (0 for the padding past n).
  const auto lanes = [&](int v) {
    const int64_t n = ncols - v * kLanes;
    return n >= kLanes ? int64_t{kLanes} : n < 0 ? int64_t{0} : n;
  };
#pragma GCC unroll 16
  for (int r = 0; r < W; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v)
      acc[v][r] = first || lanes(v) == 0 ? Vec{} : LoadValid(c + r * blk.ldc + v * kLanes, lanes(v));
  // Vector v of a step: panel v / (16 / kLanes), its (v % (16 / kLanes))-th part.
  constexpr int kPerPanel = kGemmPanel / kLanes;
  const float* b = blk.b + q * blk.pstride + p0 * kGemmPanel;
  const int64_t ps = blk.pstride;
  if constexpr (kAT) {
    // A[k][m]: the tile's W values of one step are contiguous.
    const float* ap = blk.a + p0 * blk.lda + i0;
    for (int64_t t = 0; t < kb; ++t) {
      Vec bv[V];
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v)
        bv[v] = Load(b + (v / kPerPanel) * ps + t * kGemmPanel + (v % kPerPanel) * kLanes);
#pragma GCC unroll 16
      for (int r = 0; r < W; ++r) {
        const float x = ap[r];
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v) acc[v][r] += x * bv[v];
      }
      ap += blk.lda;
    }
  } else {
    // A[m][k]: row r at xb[r / G] + (r % G) * lda: a moving pointer per
    // group of G rows and the index registers lda .. (G-1) lda (AVX-512:
    // three pointers and three index registers address twelve rows; one
    // pointer per row would spill general registers).
    constexpr int G = kRowGroup, kGroups = (W + G - 1) / G;
    const int64_t lda = blk.lda;
    const float* a = blk.a + i0 * lda + p0;
    const float* xb[kGroups];
#pragma GCC unroll 4
    for (int g = 0; g < kGroups; ++g) xb[g] = a + g * G * lda;
    for (int64_t t = 0; t < kb; ++t) {
      Vec bv[V];
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v)
        bv[v] = Load(b + (v / kPerPanel) * ps + t * kGemmPanel + (v % kPerPanel) * kLanes);
#pragma GCC unroll 16
      for (int r = 0; r < W; ++r) {
        const float x = xb[r / G][(r % G) * lda];
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v) acc[v][r] += x * bv[v];
      }
#pragma GCC unroll 4
      for (int g = 0; g < kGroups; ++g) ++xb[g];
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < W; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
      const int64_t n = lanes(v);
      if (n == 0) continue;
      const int64_t col = col0 + v * kLanes;
      Vec out = acc[v][r];
      if (last)
        out = Finish<kAct>(out, blk.bias ? blk.bias + col : nullptr,
                           blk.res ? blk.res + (i0 + r) * blk.ldc + col : nullptr, n);
      float* cp = c + r * blk.ldc + v * kLanes;
      if (n == kLanes)
        Store(cp, out);
      else
        StorePartial(cp, out, n);
    }
}

// Tile<w> for a run-time w in [1, W].
template <int W, int P, bool kAT, int kAct>
inline void TileOfRows(int64_t w, const Block& blk, int64_t i0, int64_t q, int64_t p0,
                       int64_t kb, int64_t ncols, bool first, bool last) {
  if constexpr (W >= 1) {
    if (w == W) return Tile<W, P, kAT, kAct>(blk, i0, q, p0, kb, ncols, first, last);
    TileOfRows<W - 1, P, kAT, kAct>(w, blk, i0, q, p0, kb, ncols, first, last);
  }
}

// Rows [i0, i1) of panels q .. q+P in tiles of balanced heights (64 rows =
// 11 + 11 + 11 + 11 + 10 + 10, not 5 x 12 + 4: a short tile waits on its
// add latency).
template <int P, bool kAT, int kAct>
inline void RowTiles(const Block& blk, int64_t i0, int64_t i1, int64_t q, int64_t p0, int64_t kb,
                     int64_t ncols, bool first, bool last) {
  int64_t i = i0;
  while (i < i1) {
    const int64_t rows = i1 - i, tiles = (rows + kRows - 1) / kRows;
    const int64_t w = (rows + tiles - 1) / tiles;
    TileOfRows<kRows, P, kAT, kAct>(w, blk, i, q, p0, kb, ncols, first, last);
    i += w;
  }
}

// One task: rows [i0, i1) x panels [q0, q1) of one batch, all k passes.
template <bool kAT, int kAct>
inline void GemmBlock(const Block& blk, const GemmShape& s, int64_t i0, int64_t i1, int64_t q0,
                      int64_t q1) {
  for (int64_t p0 = 0; p0 < s.k; p0 += s.kc) {
    const int64_t kb = s.k - p0 < s.kc ? s.k - p0 : s.kc;
    const bool first = p0 == 0, last = p0 + kb == s.k;
    int64_t q = q0;
    for (; q + kPanels <= q1; q += kPanels)
      RowTiles<kPanels, kAT, kAct>(blk, i0, i1, q, p0, kb, s.n - q * kGemmPanel, first, last);
    for (; q < q1; ++q)
      RowTiles<1, kAT, kAct>(blk, i0, i1, q, p0, kb, s.n - q * kGemmPanel, first, last);
  }
}

}  // namespace fast_gemm

// C = act(op(A) * B + bias + residual) for every batch. `packed_b` holds the
// packed matrices B (PackGemmPanels), `bias` [n] or nullptr, `residual`
// C's shape or nullptr. kATransposed: A's matrices are [k][m]. The tasks
// (blocks of mc x nc of every batch) run on `pool` when there is one.
template <int kAct, bool kATransposed>
TFAOT_FAST_NOINLINE void FastGemm(const float* a, const float* packed_b, const float* bias,
                                  const float* residual, float* c, const GemmShape& s,
                                  ThreadPool* pool) {
  using namespace fast_gemm;
  int64_t batches = 1;
  for (int64_t i = 0; i < s.rank; ++i) batches *= s.dims[i];
  const int64_t panels = (s.n + kGemmPanel - 1) / kGemmPanel;
  const int64_t panels_per_task = s.nc / kGemmPanel;
  const int64_t col_blocks = (panels + panels_per_task - 1) / panels_per_task;
  const int64_t row_blocks = (s.m + s.mc - 1) / s.mc;
  const int64_t per_batch = row_blocks * col_blocks;
  ParallelFor(pool, batches * per_batch, [&](int64_t task) {
    const int64_t bi = task / per_batch, rb = task % per_batch / col_blocks,
                  cb = task % col_blocks;
    int64_t rest = bi, a_index = 0, b_index = 0;
    for (int64_t i = s.rank - 1; i >= 0; --i) {
      const int64_t coord = rest % s.dims[i];
      rest /= s.dims[i];
      a_index += coord * s.a_strides[i];
      b_index += coord * s.b_strides[i];
    }
    Block blk;
    blk.a = a + a_index * s.m * s.k;
    blk.lda = kATransposed ? s.m : s.k;
    blk.b = packed_b + b_index * PackedGemmSize(s.k, s.n);
    blk.bias = bias;
    blk.res = residual ? residual + bi * s.m * s.n : nullptr;
    blk.c = c + bi * s.m * s.n;
    blk.ldc = s.n;
    blk.pstride = s.k * kGemmPanel;
    const int64_t i0 = rb * s.mc, i1 = i0 + s.mc < s.m ? i0 + s.mc : s.m;
    const int64_t q0 = cb * panels_per_task;
    const int64_t q1 = q0 + panels_per_task < panels ? q0 + panels_per_task : panels;
    GemmBlock<kATransposed, kAct>(blk, s, i0, i1, q0, q1);
  });
}

}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_GEMM_H_
