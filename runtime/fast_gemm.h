// Register-blocked float32 matrix products that the select-kernels pass picks
// for MatMul and BatchMatMul (compiler/ops/kernels/fast_gemm.cc):
// C = act(op(A) * B + bias + residual), per batch.
//
// B is packed into panels of 16 columns, [ceil(n/16)][k][16] per matrix
// (zero-padded): at compile time for constant weights, else at run time by
// PackGemmPanels. A is read in place, row-major [m][k] or transposed [k][m].
// A tile of W rows x P panels (AVX-512: 12 x 32 columns, 24 zmm accumulators;
// AVX2: 6 x 16, 12 ymm; SSE2: 2 x 16, 8 xmm) stays in registers while the
// kernel runs over k: per step P vector loads of B and W broadcasts of A.
// Only that k loop is instantiated per tile height; loading partial sums,
// partial columns and the epilogue are shared code run once per tile.
//
// Blocking (GemmShape::kc and mc, chosen at compile time by PlanGemm from
// the static sizes): the k range is cut into passes of kc steps, and the
// rows into blocks of mc whose A stays in L2 while every panel group of B
// sweeps them; C keeps the partial sums between passes. With a thread
// pool, the batches and blocks of rows and of 32-column groups are tasks
// (how many is chosen at run time from the pool and the work).
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
#include "runtime/isa.h"
#include "runtime/thread_pool.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

constexpr int kGemmPanel = kConvBlock;  // columns per packed panel

struct GemmShape {
  int64_t m, k, n;  // per batch: C[m][n] = A[m][k] (or A[k][m] transposed) * B[k][n]
  int64_t kc;       // k steps per pass (C holds the partial sums between passes)
  int64_t mc;       // rows per block: a block's A (mc x kc) stays in L2
  int64_t rank;     // batch dimensions of C; 0 for one matrix
  int64_t dims[kMaxBatchRank];
  int64_t a_strides[kMaxBatchRank];  // in matrices; 0 where A is broadcast
  int64_t b_strides[kMaxBatchRank];  // in packed matrices; 0 where B is broadcast
};

inline int64_t PackedGemmSize(int64_t k, int64_t n) {
  return (n + kGemmPanel - 1) / kGemmPanel * kGemmPanel * k;
}

#if defined(__AVX__)
// dst[t * ld_dst + r] = src[r * ld_src + t] for r, t in [0, 8).
inline void Transpose8x8(const float* src, int64_t ld_src, float* dst, int64_t ld_dst) {
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * ld_src);
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
    r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
    r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * ld_dst, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * ld_dst, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
}
#endif

// Panel q (columns 16q .. 16q + 16, zero past n) of one matrix B, [k][n] or
// [n][k] when transpose_b: packed[p * 16 + j] = B[p][16q + j].
inline void PackGemmPanel(const float* b, int64_t k, int64_t n, bool transpose_b, int64_t q,
                          float* packed) {
  constexpr int P = kGemmPanel;
  const int64_t j0 = q * P;
  const int64_t cols = n - j0 < P ? n - j0 : P;
  if (cols < P)
    for (int64_t e = 0; e < k * P; ++e) packed[e] = 0.0f;
  if (!transpose_b) {
    if (cols == P)
      for (int64_t p = 0; p < k; ++p) std::memcpy(packed + p * P, b + p * n + j0, P * 4);
    else
      for (int64_t p = 0; p < k; ++p)
        for (int64_t jj = 0; jj < cols; ++jj) packed[p * P + jj] = b[p * n + j0 + jj];
    return;
  }
  // [n][k]: a transpose, in blocks of 8 steps read and written within L1.
  int64_t p0 = 0;
#if defined(__AVX__)
  if (cols == P)
    for (; p0 + 8 <= k; p0 += 8)
      for (int64_t jj = 0; jj < P; jj += 8)
        Transpose8x8(b + (j0 + jj) * k + p0, k, packed + p0 * P + jj, P);
#endif
  for (; p0 < k; ++p0)
    for (int64_t jj = 0; jj < cols; ++jj) packed[p0 * P + jj] = b[(j0 + jj) * k + p0];
}

// Packs `count` matrices B, each [k][n] (or [n][k] when transpose_b), into
// `count` consecutive packed matrices; the panels are tasks on `pool`.
inline void PackGemmPanels(const float* b, int64_t count, int64_t k, int64_t n,
                           bool transpose_b, float* packed, ThreadPool* pool = nullptr) {
  const int64_t panels = (n + kGemmPanel - 1) / kGemmPanel;
  const int64_t tasks = ParallelTaskCount(pool, count * k * n, count * panels);
  ParallelRanges(pool, count * panels, tasks, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t)
      PackGemmPanel(b + t / panels * k * n, k, n, transpose_b, t % panels,
                    packed + t * k * kGemmPanel);
  });
}

// The blocking for shape `s` (m, k, n set): kc and mc. Passes of at most
// 1024 k steps, balanced: a tile's B panels (kc x 32 floats, up to 128 KiB)
// then stream from L2 while the tile's 24 FMAs per step hide it, and fewer
// passes move fewer partial sums through C (on the development machine,
// Zen 5 with 48 KiB L1 and 1 MiB L2, 64 x 784 x 256 in one pass of 784 runs
// 3-5% faster than in four L1-sized passes of 196). A block's A rows
// (mc x kc floats, whole 12-row tiles) stay within a quarter of L2.
inline void PlanGemm(GemmShape* s) {
  const int64_t passes = (s->k + 1023) / 1024;
  s->kc = (s->k + passes - 1) / passes;
  const int64_t max_mc = (256 * 1024 / 4 / s->kc) / 12 * 12;
  s->mc = s->m <= max_mc ? s->m : max_mc;
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

// Vectors per tile row: P panels of 16 columns.
template <int P>
constexpr int kVecs = P * kGemmPanel / kLanes;

// The k loop of a W-row tile of P panels: acc[r][v] += A's rows x B's
// panels over kb steps. The accumulators come from and go back to `acc`
// (the generic code around the loop handles C, partial columns and the
// epilogue once per tile, so only this loop is instantiated per height).
template <int W, int P, bool kAT>
TFAOT_FAST_INLINE void TileSteps(const float* a, int64_t lda, const float* b, int64_t ps,
                                 int64_t kb, Vec (*io)[kVecs<P>]) {
  constexpr int V = kVecs<P>;
  constexpr int kPerPanel = kGemmPanel / kLanes;  // vector v: panel v / kPerPanel
  Vec acc[V][W];
#pragma GCC unroll 16
  for (int r = 0; r < W; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) acc[v][r] = io[r][v];
  if constexpr (kAT) {
    // A[k][m]: the tile's W values of one step are contiguous.
    for (int64_t t = 0; t < kb; ++t) {
      Vec bv[V];
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v)
        bv[v] = Load(b + (v / kPerPanel) * ps + t * kGemmPanel + (v % kPerPanel) * kLanes);
#pragma GCC unroll 16
      for (int r = 0; r < W; ++r) {
        const float x = a[r];
#pragma GCC unroll 8
        for (int v = 0; v < V; ++v) acc[v][r] += x * bv[v];
      }
      a += lda;
    }
  } else {
    // A[m][k]: row r at xb[r / G] + (r % G) * lda: a moving pointer per
    // group of G rows and the index registers lda .. (G-1) lda (AVX-512:
    // three pointers and three index registers address twelve rows; one
    // pointer per row would spill general registers).
    constexpr int G = kRowGroup, kGroups = (W + G - 1) / G;
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
    for (int v = 0; v < V; ++v) io[r][v] = acc[v][r];
}

// TileSteps<w> for a run-time w in [1, W].
template <int W, int P, bool kAT>
inline void TileStepsOfRows(int64_t w, const float* a, int64_t lda, const float* b, int64_t ps,
                            int64_t kb, Vec (*io)[kVecs<P>]) {
  if constexpr (W >= 1) {
    if (w == W) return TileSteps<W, P, kAT>(a, lda, b, ps, kb, io);
    TileStepsOfRows<W - 1, P, kAT>(w, a, lda, b, ps, kb, io);
  }
}

// Lanes of vector v of a tile that hold columns of C, given the columns
// left from the tile's first one (0 for the padding past n).
inline int64_t Lanes(int64_t ncols, int v) {
  const int64_t n = ncols - v * kLanes;
  return n >= kLanes ? int64_t{kLanes} : n < 0 ? int64_t{0} : n;
}

// C[i0 .. i0+w, panels q .. q+P] over steps [p0, p0 + kb): from zero
// (`first`) or C's partial sums; the epilogue after the last pass (`last`):
// + bias, + residual, Relu/Relu6, in the graph's order.
template <int P, bool kAT>
inline void Tile(const Block& blk, int64_t w, int64_t i0, int64_t q, int64_t p0, int64_t kb,
                 int64_t ncols, bool first, bool last, int act) {
  constexpr int V = kVecs<P>;
  Vec acc[kRows][V];
  const int64_t col0 = q * kGemmPanel;
  float* c = blk.c + i0 * blk.ldc + col0;
  for (int64_t r = 0; r < w; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
      const int64_t n = Lanes(ncols, v);
      acc[r][v] = first || n == 0 ? Vec{} : LoadValid(c + r * blk.ldc + v * kLanes, n);
    }
  const float* a = kAT ? blk.a + p0 * blk.lda + i0 : blk.a + i0 * blk.lda + p0;
  TileStepsOfRows<kRows, P, kAT>(w, a, blk.lda, blk.b + q * blk.pstride + p0 * kGemmPanel,
                                 blk.pstride, kb, acc);
  const Vec zero = Vec{}, six = zero + 6.0f;
  for (int64_t r = 0; r < w; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) {
      const int64_t n = Lanes(ncols, v), col = col0 + v * kLanes;
      if (n == 0) continue;
      Vec out = acc[r][v];
      if (last) {
        if (blk.bias) out += LoadValid(blk.bias + col, n);
        if (blk.res) out += LoadValid(blk.res + (i0 + r) * blk.ldc + col, n);
        if (act != kConvActNone) out = out < zero ? zero : out;
        if (act == kConvActRelu6) out = out > six ? six : out;
      }
      float* cp = c + r * blk.ldc + v * kLanes;
      if (n == kLanes)
        Store(cp, out);
      else
        StorePartial(cp, out, n);
    }
}

// Rows [i0, i1) of panels q .. q+P in tiles of balanced heights (64 rows =
// 11 + 11 + 11 + 11 + 10 + 10, not 5 x 12 + 4: a short tile waits on its
// add latency).
template <int P, bool kAT>
inline void RowTiles(const Block& blk, int64_t i0, int64_t i1, int64_t q, int64_t p0, int64_t kb,
                     int64_t ncols, bool first, bool last, int act) {
  int64_t i = i0;
  while (i < i1) {
    const int64_t rows = i1 - i, tiles = (rows + kRows - 1) / kRows;
    const int64_t w = (rows + tiles - 1) / tiles;
    Tile<P, kAT>(blk, w, i, q, p0, kb, ncols, first, last, act);
    i += w;
  }
}

// One task: rows [i0, i1) x panels [q0, q1) of one batch: k passes, in
// each blocks of mc rows, in each the panel groups, in each the row tiles.
template <bool kAT>
inline void GemmBlock(const Block& blk, const GemmShape& s, int64_t i0, int64_t i1, int64_t q0,
                      int64_t q1, int act) {
  for (int64_t p0 = 0; p0 < s.k; p0 += s.kc) {
    const int64_t kb = s.k - p0 < s.kc ? s.k - p0 : s.kc;
    const bool first = p0 == 0, last = p0 + kb == s.k;
    for (int64_t r0 = i0; r0 < i1; r0 += s.mc) {
      const int64_t r1 = r0 + s.mc < i1 ? r0 + s.mc : i1;
      int64_t q = q0;
      for (; q + kPanels <= q1; q += kPanels)
        RowTiles<kPanels, kAT>(blk, r0, r1, q, p0, kb, s.n - q * kGemmPanel, first, last, act);
      for (; q < q1; ++q)
        RowTiles<1, kAT>(blk, r0, r1, q, p0, kb, s.n - q * kGemmPanel, first, last, act);
    }
  }
}

// How each batch's C is cut into tasks: parts of whole 32-column groups
// (dividing them evenly) times parts of rows (balanced).
struct Split {
  int64_t col_parts, row_parts;
};

inline Split SplitFor(int64_t tasks, int64_t m, int64_t n) {
  const int64_t groups = (n + 31) / 32;
  Split sp{tasks < groups ? tasks : groups, 1};
  while (groups % sp.col_parts != 0) --sp.col_parts;
  sp.row_parts = (tasks + sp.col_parts - 1) / sp.col_parts;
  if (sp.row_parts > m) sp.row_parts = m;
  return sp;
}

}  // namespace fast_gemm

// C = act(op(A) * B + bias + residual) for every batch. `packed_b` holds the
// packed matrices B (PackGemmPanels), `bias` [n] or nullptr, `residual`
// C's shape or nullptr, `act` a ConvActivation. kATransposed: A's matrices
// are [k][m]. With a pool, the batches and blocks of rows and columns run
// as tasks on it.
template <bool kATransposed>
TFAOT_FAST_NOINLINE void FastGemm(const float* a, const float* packed_b, const float* bias,
                                  const float* residual, float* c, const GemmShape& s, int act,
                                  ThreadPool* pool) {
  using namespace fast_gemm;
  int64_t batches = 1;
  for (int64_t i = 0; i < s.rank; ++i) batches *= s.dims[i];
  const int64_t panels = (s.n + kGemmPanel - 1) / kGemmPanel;
  // Batches first, then each batch's columns and rows as far as the pool
  // wants more tasks (one without a pool: the whole product in order).
  const int64_t groups = (s.n + 31) / 32;
  const int64_t tasks = ParallelTaskCount(pool, batches * s.m * s.k * s.n,
                                          batches * groups * ((s.m + kRows - 1) / kRows));
  const Split sp = SplitFor(batches >= tasks ? 1 : (tasks + batches - 1) / batches, s.m, s.n);
  const int64_t per_batch = sp.col_parts * sp.row_parts;
  ParallelFor(pool, batches * per_batch, [&](int64_t task) {
    const int64_t bi = task / per_batch, rb = task % per_batch / sp.col_parts,
                  cb = task % sp.col_parts;
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
    const int64_t i0 = rb * s.m / sp.row_parts, i1 = (rb + 1) * s.m / sp.row_parts;
    const int64_t group_panels = groups / sp.col_parts * 2;
    const int64_t q0 = cb * group_panels, q1 = q0 + group_panels;
    GemmBlock<kATransposed>(blk, s, i0, i1, q0, q1 < panels ? q1 : panels, act);
  });
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_GEMM_H_
