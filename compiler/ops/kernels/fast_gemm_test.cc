// TfaotGemm / TfaotPackPanels: hand-computed cases through the ops' shape
// rules and evaluators, and rt::FastGemm against the naive loop (rt::MatMul,
// rt::BatchMatMul, then the graph's adds and activation in order) on odd
// sizes, both layouts of A, forced small blockings, batches with
// broadcasting, NaN and Inf, and 1, 2 and 3 threads.
#include <algorithm>
#include <cmath>
#include <random>

#include "compiler/ops/kernels/isa_test_util.h"
#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"
#include "runtime/batch_matmul.h"
#include "runtime/fast_gemm.h"
#include "runtime/matmul.h"
#include "runtime/std_thread_pool.h"

namespace tfaot::ops {
namespace {

TEST(FastGemmTest, HandComputedWithBiasResidualRelu) {
  // A = [[1, 2], [3, 4]], B = [[1, 0, 2], [0, 1, 3]]: A*B = [[1, 2, 8], [3, 4, 18]];
  // + bias {0.5, -10, 0} + residual [[1, 1, 1], [0, 0, -20]], Relu.
  ir::Tensor a = ir::Tensor::FromVector<float>({1, 2, 3, 4}, {2, 2});
  ir::Tensor b = ir::Tensor::FromVector<float>({1, 0, 2, 0, 1, 3}, {2, 3});
  auto packed = EvalOp("TfaotPackPanels", {b}, {{"k", int64_t{2}}, {"n", int64_t{3}}});
  ASSERT_TRUE(packed.ok()) << packed.status();
  ASSERT_EQ(packed->num_elements(), 2 * 16);
  // Row p of B at packed[p * 16], zero-padded to 16 columns.
  EXPECT_EQ(Values<float>(*packed)[16 + 2], 3.0f);
  EXPECT_EQ(Values<float>(*packed)[3], 0.0f);
  // B stored [n][k] packs to the same panels.
  ir::Tensor bt = ir::Tensor::FromVector<float>({1, 0, 0, 1, 2, 3}, {3, 2});
  auto packed_t = EvalOp("TfaotPackPanels", {bt},
                         {{"k", int64_t{2}}, {"n", int64_t{3}}, {"transpose_b", true}});
  ASSERT_TRUE(packed_t.ok()) << packed_t.status();
  EXPECT_EQ(Values<float>(*packed_t), Values<float>(*packed));

  ir::AttrMap attrs = {{"m", int64_t{2}},        {"k", int64_t{2}},
                       {"n", int64_t{3}},        {"blocking", std::vector<int64_t>{2, 2}},
                       {"has_bias", true},       {"has_residual", true},
                       {"activation", int64_t{1}}};
  auto c = EvalOp("TfaotGemm",
                  {a, *packed, T1<float>({0.5f, -10, 0}),
                   ir::Tensor::FromVector<float>({1, 1, 1, 0, 0, -20}, {2, 3})},
                  attrs);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->shape(), (ir::Shape{2, 3}));
  EXPECT_EQ(Values<float>(*c), (std::vector<float>{2.5f, 0, 9, 3.5f, 0, 0}));
  // A given as [k][m] (transpose_a): the same product.
  attrs["transpose_a"] = true;
  auto ct = EvalOp("TfaotGemm",
                   {ir::Tensor::FromVector<float>({1, 3, 2, 4}, {2, 2}), *packed,
                    T1<float>({0.5f, -10, 0}),
                    ir::Tensor::FromVector<float>({1, 1, 1, 0, 0, -20}, {2, 3})},
                   attrs);
  ASSERT_TRUE(ct.ok()) << ct.status();
  EXPECT_EQ(Values<float>(*ct), (std::vector<float>{2.5f, 0, 9, 3.5f, 0, 0}));
}

TEST(FastGemmTest, PackingATransposedBGivesTheSamePanels) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> u(-1, 1);
  for (auto [k, n] : std::vector<std::pair<int64_t, int64_t>>{
           {1, 1}, {7, 16}, {8, 16}, {17, 33}, {64, 128}, {37, 40}, {3, 100}}) {
    std::vector<float> b(2 * k * n), bt(2 * k * n);
    for (float& v : b) v = u(rng);
    for (int64_t i = 0; i < 2; ++i)  // two matrices, [k][n] and as [n][k]
      for (int64_t p = 0; p < k; ++p)
        for (int64_t j = 0; j < n; ++j) bt[i * k * n + j * k + p] = b[i * k * n + p * n + j];
    std::vector<float> packed(2 * rt::PackedGemmSize(k, n), -1.0f), packed_t(packed.size(), -2.0f);
    rt::PackGemmPanels(b.data(), 2, k, n, false, packed.data());
    rt::PackGemmPanels(bt.data(), 2, k, n, true, packed_t.data());
    EXPECT_EQ(packed, packed_t) << "k " << k << " n " << n;
    // Panel q, step p, lane j: B[p][16q + j], zero past n.
    const int64_t panels = (n + 15) / 16;
    for (int64_t q = 0; q < panels; ++q)
      for (int64_t p = 0; p < k; ++p)
        for (int64_t j = 0; j < 16; ++j)
          ASSERT_EQ(packed[(q * k + p) * 16 + j], 16 * q + j < n ? b[p * n + 16 * q + j] : 0.0f);
  }
}

TEST(FastGemmTest, RejectsInconsistentOperands) {
  ir::Tensor a(ir::DType::kFloat, {3, 4});
  ir::Tensor packed(ir::DType::kFloat, {4 * 16});
  ir::AttrMap attrs = {{"m", int64_t{3}},
                       {"k", int64_t{4}},
                       {"n", int64_t{5}},
                       {"blocking", std::vector<int64_t>{4, 3}}};
  EXPECT_TRUE(EvalOp("TfaotGemm", {a, packed}, attrs).ok());
  EXPECT_FALSE(EvalOp("TfaotGemm", {ir::Tensor(ir::DType::kFloat, {3, 5}), packed}, attrs).ok());
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, ir::Tensor(ir::DType::kFloat, {20})}, attrs).ok());
  attrs["has_bias"] = true;  // and no bias input
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, packed}, attrs).ok());
  attrs["has_bias"] = false;
  attrs["has_residual"] = true;  // a residual of C's shape [3, 5], not [5, 3]
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, packed, ir::Tensor(ir::DType::kFloat, {5, 3})}, attrs).ok());
  EXPECT_TRUE(EvalOp("TfaotGemm", {a, packed, ir::Tensor(ir::DType::kFloat, {3, 5})}, attrs).ok());
  attrs["has_residual"] = false;
  attrs["activation"] = int64_t{3};
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, packed}, attrs).ok());
  attrs["activation"] = int64_t{0};
  attrs["batch_dims"] = std::vector<int64_t>{2};  // strides missing
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, packed}, attrs).ok());
  attrs["a_batch_strides"] = std::vector<int64_t>{1};
  attrs["b_batch_strides"] = std::vector<int64_t>{0};  // A must then hold two matrices
  EXPECT_FALSE(EvalOp("TfaotGemm", {a, packed}, attrs).ok());
  const ir::Tensor a2(ir::DType::kFloat, {2, 3, 4});
  EXPECT_TRUE(EvalOp("TfaotGemm", {a2, packed}, attrs).ok());
  attrs["blocking"] = std::vector<int64_t>{4, 0};
  EXPECT_FALSE(EvalOp("TfaotGemm", {a2, packed}, attrs).ok());
  EXPECT_FALSE(EvalOp("TfaotPackPanels", {ir::Tensor(ir::DType::kFloat, {3, 5})},
                      {{"k", int64_t{4}}, {"n", int64_t{5}}})
                   .ok());
}

// Equal, or both NaN.
bool Same(float x, float y) { return x == y || (std::isnan(x) && std::isnan(y)); }

struct Epilogue {
  bool bias = false, residual = false;
  int act = rt::kConvActNone;
};

// What the graph computes after the product, in its order.
float Finish(float v, const Epilogue& e, float bias, float res) {
  if (e.bias) v = v + bias;
  if (e.residual) v = v + res;
  if (e.act != rt::kConvActNone) v = v < 0 ? 0 : v;
  if (e.act == rt::kConvActRelu6) v = v > 6 ? 6 : v;
  return v;
}

void RunFast(bool ta, int act, const float* a, const float* b, const float* bias,
             const float* res, float* c, const rt::GemmShape& s, rt::ThreadPool* pool) {
  if (ta)
    rt::FastGemm<true>(a, b, bias, res, c, s, act, pool);
  else
    rt::FastGemm<false>(a, b, bias, res, c, s, act, pool);
}

// A batched product with `batch` result dimensions and A's / B's batch shapes
// (numpy broadcasting), against rt::BatchMatMul; blockings: PlanGemm's and
// `forced` ([kc, mc]) when given; 1, 2 and 3 threads.
void Check(const std::vector<int64_t>& batch_a, const std::vector<int64_t>& batch_b, int64_t m,
           int64_t k, int64_t n, bool ta, const Epilogue& e, std::mt19937& rng,
           std::vector<int64_t> forced = {}, bool specials = false) {
  std::uniform_real_distribution<float> u(-1, 1);
  rt::BatchMatMulShape ref{};
  ref.rank = static_cast<int64_t>(std::max(batch_a.size(), batch_b.size()));
  ref.m = m, ref.k = k, ref.n = n, ref.transpose_a = ta;
  int64_t batches = 1, na = 1, nb = 1;
  std::vector<int64_t> dims(ref.rank);
  for (int64_t i = 0; i < ref.rank; ++i) {
    const int64_t ia = i - (ref.rank - static_cast<int64_t>(batch_a.size()));
    const int64_t ib = i - (ref.rank - static_cast<int64_t>(batch_b.size()));
    const int64_t da = ia >= 0 ? batch_a[ia] : 1, db = ib >= 0 ? batch_b[ib] : 1;
    dims[i] = std::max(da, db);
    ref.dims[i] = dims[i];
    batches *= dims[i];
  }
  for (int64_t d : batch_a) na *= d;
  for (int64_t d : batch_b) nb *= d;
  // Strides in matrices, 0 where broadcast.
  for (int64_t i = ref.rank - 1, sa = 1, sb = 1; i >= 0; --i) {
    const int64_t ia = i - (ref.rank - static_cast<int64_t>(batch_a.size()));
    const int64_t ib = i - (ref.rank - static_cast<int64_t>(batch_b.size()));
    const int64_t da = ia >= 0 ? batch_a[ia] : 1, db = ib >= 0 ? batch_b[ib] : 1;
    ref.a_strides[i] = da == 1 ? 0 : sa;
    ref.b_strides[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  std::vector<float> a(na * m * k), b(nb * k * n), bias(n), res(batches * m * n);
  for (float& v : a) v = u(rng);
  for (float& v : b) v = u(rng);
  for (float& v : bias) v = 4 * u(rng);
  for (float& v : res) v = 4 * u(rng);
  if (specials) {  // NaN and Inf reach exactly the outputs they reach in the loop
    a[a.size() / 3] = std::nanf("");
    a[a.size() / 2] = INFINITY;
    b[b.size() - 1] = -INFINITY;
    b[0] = 0.0f;
  }
  std::vector<float> want(batches * m * n);
  rt::BatchMatMul<float>(a.data(), b.data(), want.data(), ref);
  for (size_t i = 0; i < want.size(); ++i) want[i] = Finish(want[i], e, bias[i % n], res[i]);

  std::vector<float> packed(nb * rt::PackedGemmSize(k, n));
  rt::PackGemmPanels(b.data(), nb, k, n, false, packed.data());
  rt::GemmShape s{};
  s.m = m, s.k = k, s.n = n, s.rank = ref.rank;
  for (int64_t i = 0; i < s.rank; ++i) {
    s.dims[i] = ref.dims[i];
    s.a_strides[i] = ref.a_strides[i];
    s.b_strides[i] = ref.b_strides[i];
  }
  std::vector<rt::GemmShape> shapes;
  rt::GemmShape planned = s;
  rt::FoldGemmBatches(&planned, ta);
  rt::PlanGemm(&planned);
  shapes.push_back(planned);
  if (!forced.empty()) {
    rt::GemmShape f = s;  // unfolded: the per-batch path
    f.kc = forced[0], f.mc = forced[1];
    shapes.push_back(f);
  }
  std::vector<float> first;
  for (const rt::GemmShape& shape : shapes)
    for (int threads : {1, 2, 3}) {
      rt::StdThreadPool pool(threads);
      std::vector<float> got(want.size(), -7.0f);
      RunFast(ta, e.act, a.data(), packed.data(), e.bias ? bias.data() : nullptr,
              e.residual ? res.data() : nullptr, got.data(), shape, threads > 1 ? &pool : nullptr);
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_TRUE(Same(got[i], want[i]))
            << "m" << m << " k" << k << " n" << n << " ta" << ta << " batches " << batches
            << " kc" << shape.kc << " mc" << shape.mc << " threads "
            << threads << " at " << i << ": " << got[i] << " vs " << want[i];
      // Bit for bit the same at any thread count and blocking (NaN payloads too).
      if (first.empty()) first = got;
      ASSERT_EQ(0, std::memcmp(first.data(), got.data(), got.size() * sizeof(float)));
    }
}

TEST(FastGemmTest, MatchesNaiveLoopOnOddSizes) {
  std::mt19937 rng(11);
  const std::vector<int64_t> ms = {1, 2, 7, 13, 17, 33, 64, 100};
  const std::vector<int64_t> ks = {1, 7, 17, 300};
  const std::vector<int64_t> ns = {1, 10, 16, 17, 33, 64, 100};
  for (int64_t m : ms)
    for (int64_t k : ks)
      for (int64_t n : ns)
        for (bool ta : {false, true}) {
          Epilogue e;
          e.bias = (m + n) % 2 == 0;
          e.residual = (m + k) % 3 == 0;
          e.act = static_cast<int>((m + k + n) % 3);
          Check({}, {}, m, k, n, ta, e, rng);
          if (HasFatalFailure()) return;
        }
}

TEST(FastGemmTest, SmallBlockingsSplitKRowsAndColumns) {
  std::mt19937 rng(5);
  Epilogue e{true, true, rt::kConvActRelu6};
  // Passes of 1, 5 and 64 steps, blocks of 1, 3 and 13 rows.
  for (const std::vector<int64_t>& forced :
       {std::vector<int64_t>{5, 3}, {64, 13}, {1, 1}})
    for (bool ta : {false, true}) {
      Check({}, {}, 37, 131, 75, ta, e, rng, forced);
      Check({}, {}, 61, 300, 70, ta, e, rng, forced);  // large enough to split for threads
      Check({}, {}, 2, 9, 100, ta, e, rng, forced);
      if (HasFatalFailure()) return;
    }
}

TEST(FastGemmTest, BatchesBroadcastAndFold) {
  std::mt19937 rng(9);
  Epilogue e{true, false, rt::kConvActRelu};
  for (bool ta : {false, true}) {
    Check({3}, {3}, 7, 17, 33, ta, e, rng, {8, 4});            // one B per batch
    Check({2, 3}, {}, 10, 33, 20, ta, e, rng, {16, 5});        // shared B: folds
    Check({2, 1}, {3}, 5, 9, 40, ta, e, rng, {4, 2});          // both broadcast
    Check({1}, {4}, 12, 7, 17, ta, Epilogue{false, true}, rng);    // shared A
    if (HasFatalFailure()) return;
  }
}

TEST(FastGemmTest, NanAndInfPropagateAsInTheLoop) {
  std::mt19937 rng(2);
  for (bool ta : {false, true})
    for (int act : {rt::kConvActNone, rt::kConvActRelu, rt::kConvActRelu6}) {
      Check({}, {}, 19, 23, 37, ta, Epilogue{true, true, act}, rng, {7, 5}, true);
      Check({2}, {2}, 6, 40, 10, ta, Epilogue{false, false, act}, rng, {}, true);
      Check({}, {}, 67, 300, 45, ta, Epilogue{true, false, act}, rng, {}, true);  // split
      if (HasFatalFailure()) return;
    }
}

TEST(FastGemmTest, PlanBlocksForTheCaches) {
  // k in balanced passes of at most 1024 steps, A blocks of at most 64 Ki
  // floats in whole 12-row tiles.
  rt::GemmShape s{};
  s.m = 64, s.k = 784, s.n = 256;
  rt::PlanGemm(&s);
  EXPECT_EQ(s.kc, 784);
  EXPECT_EQ(s.mc, 64);
  s.m = 100, s.k = 2500;  // three passes
  rt::PlanGemm(&s);
  EXPECT_EQ(s.kc, 834);
  EXPECT_EQ(s.mc, 72);  // 65536 / 834 = 78, down to a multiple of 12
  s.m = 5000, s.k = 100, s.n = 64;
  rt::PlanGemm(&s);
  EXPECT_EQ(s.kc, 100);
  EXPECT_EQ(s.mc, 648);
}

TEST(FastGemmTest, TasksSplitWholeColumnGroupsThenRows) {
  // 8 groups of 32 columns: 8 column parts of the 8 tasks asked for.
  rt::fast_gemm::Split sp = rt::fast_gemm::SplitFor(8, 64, 256);
  EXPECT_EQ(sp.col_parts, 8);
  EXPECT_EQ(sp.row_parts, 1);
  // 3 groups do not split in 8: 3 column parts, 3 row parts.
  sp = rt::fast_gemm::SplitFor(8, 64, 96);
  EXPECT_EQ(sp.col_parts, 3);
  EXPECT_EQ(sp.row_parts, 3);
  // One group (N = 10): rows only, never more parts than rows.
  sp = rt::fast_gemm::SplitFor(8, 5, 10);
  EXPECT_EQ(sp.col_parts, 1);
  EXPECT_EQ(sp.row_parts, 5);
}

}  // namespace
}  // namespace tfaot::ops
