// TfaotConv2D / TfaotDepthwiseConv2D: hand-computed cases through the op's
// shape rule and evaluator, and the runtime kernels against rt::Conv (plus
// bias and activation) over strides, dilations, padding and channel tails.
#include <algorithm>
#include <random>

#include "compiler/ops/kernels/isa_test_util.h"
#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"
#include "runtime/conv.h"
#include "runtime/fast_conv.h"
#include "runtime/fast_depthwise.h"
#include "runtime/fast_gemv.h"
#include "runtime/matmul.h"

namespace tfaot::ops {
namespace {

using ir::DType;

std::vector<int64_t> ShapeAttr(const rt::ConvShape& s) {
  return {s.batch, s.in_h,     s.in_w,     s.in_c,  s.out_h, s.out_w, s.out_c, s.k_h,
          s.k_w,   s.stride_h, s.stride_w, s.dil_h, s.dil_w, s.pad_h, s.pad_w};
}

rt::ConvShape Shape2D(int64_t h, int64_t w, int64_t ci, int64_t co, int64_t kh, int64_t kw,
                      int64_t sh, int64_t sw, int64_t dh, int64_t dw, int64_t ph, int64_t pw,
                      int64_t oh, int64_t ow, int64_t groups = 1) {
  return rt::ConvShape{1, 1, h, w, ci, 1, oh, ow, co, 1, kh, kw, 1, sh, sw,
                       1, dh, dw, 0, ph, pw, groups, false};
}

TEST(FastConvTest, Conv2DHandComputed) {
  // x 1x3x3x1 = 1..9, filter 2x2x1x2: channel 0 sums the window, channel 1
  // takes its top-left; VALID, stride 1 -> 2x2x2; bias {0.5, -100}; Relu.
  std::vector<float> f(8);
  for (int t = 0; t < 4; ++t) f[t * 2] = 1;
  f[1] = 1;
  std::vector<float> packed(rt::PackedConvFilterSize(2, 2, 1, 2));
  rt::PackConvFilter(f.data(), 2, 2, 1, 2, packed.data());
  ir::Tensor x = ir::Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  ir::Tensor w = ir::Tensor::FromVector<float>(packed, {static_cast<int64_t>(packed.size())});
  auto s = Shape2D(3, 3, 1, 2, 2, 2, 1, 1, 1, 1, 0, 0, 2, 2);
  auto y = EvalOp("TfaotConv2D", {x, w, T1<float>({0.5f, -100.0f})},
                  {{"conv_shape", ShapeAttr(s)}, {"activation", int64_t{1}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (ir::Shape{1, 2, 2, 2}));
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{12.5f, 0, 16.5f, 0, 24.5f, 0, 28.5f, 0}));
}

TEST(FastConvTest, Conv2DSamePaddingStride2Relu6) {
  // x 1x2x2x1 = {1,2,3,4}, 3x3 all-ones filter, SAME stride 2 -> 1x1: the
  // window centred on (0,0) sees all four values = 10; Relu6 -> 6.
  std::vector<float> packed(rt::PackedConvFilterSize(3, 3, 1, 1));
  std::vector<float> f(9, 1.0f);
  rt::PackConvFilter(f.data(), 3, 3, 1, 1, packed.data());
  auto s = Shape2D(2, 2, 1, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
  ir::Tensor x = ir::Tensor::FromVector<float>({1, 2, 3, 4}, {1, 2, 2, 1});
  ir::Tensor w = ir::Tensor::FromVector<float>(packed, {static_cast<int64_t>(packed.size())});
  auto y =
      EvalOp("TfaotConv2D", {x, w}, {{"conv_shape", ShapeAttr(s)}, {"activation", int64_t{0}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), std::vector<float>{10});
  y = EvalOp("TfaotConv2D", {x, w}, {{"conv_shape", ShapeAttr(s)}, {"activation", int64_t{2}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), std::vector<float>{6});
}

TEST(FastConvTest, DepthwiseHandComputed) {
  // Two channels, x 1x1x3x2 = {1,10, 2,20, 3,30}; 1x3 filter, channel 0
  // {1,1,1}, channel 1 {0,1,0}; SAME -> out column 0: {1+2, 10}.
  std::vector<float> f = {1, 0, 1, 1, 1, 0};  // [kh=1][kw=3][c=2]
  std::vector<float> packed(rt::PackedDepthwiseFilterSize(1, 3, 2));
  rt::PackDepthwiseFilter(f.data(), 1, 3, 2, packed.data());
  auto s = Shape2D(1, 3, 2, 2, 1, 3, 1, 1, 1, 1, 0, 1, 1, 3);
  ir::Tensor x = ir::Tensor::FromVector<float>({1, 10, 2, 20, 3, 30}, {1, 1, 3, 2});
  ir::Tensor w = ir::Tensor::FromVector<float>(packed, {static_cast<int64_t>(packed.size())});
  auto y = EvalOp("TfaotDepthwiseConv2D", {x, w, T1<float>({0, 1})},
                  {{"conv_shape", ShapeAttr(s)}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{3, 11, 6, 21, 5, 31}));
}

TEST(FastConvTest, RejectsMismatchedInput) {
  auto s = Shape2D(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 3, 3);
  ir::Tensor x(DType::kFloat, {1, 3, 4, 1});
  ir::Tensor w(DType::kFloat, {16});
  EXPECT_FALSE(EvalOp("TfaotConv2D", {x, w}, {{"conv_shape", ShapeAttr(s)}}).ok());
}

struct Case {
  int64_t h, w, ci, co, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow;
};

// TensorFlow's output size and padding before for SAME (same = true) or VALID.
Case Make(int64_t h, int64_t w, int64_t ci, int64_t co, int64_t kh, int64_t kw, int64_t sh,
          int64_t sw, int64_t dh, int64_t dw, bool same) {
  auto dim = [&](int64_t in, int64_t k, int64_t st, int64_t d, int64_t* out, int64_t* pad) {
    int64_t ek = (k - 1) * d + 1;
    if (same) {
      *out = (in + st - 1) / st;
      int64_t total = std::max<int64_t>(0, (*out - 1) * st + ek - in);
      *pad = total / 2;
    } else {
      *out = (in - ek + st) / st;
      *pad = 0;
    }
  };
  Case c{h, w, ci, co, kh, kw, sh, sw, dh, dw, 0, 0, 0, 0};
  dim(h, kh, sh, dh, &c.oh, &c.ph);
  dim(w, kw, sw, dw, &c.ow, &c.pw);
  return c;
}

// FastConv2D<kAct, xs> for the column strides the emitter makes static.
template <int kAct, int kXs = 1>
void FastConv2DStatic(int64_t xs, const float* x, const float* w, const float* b, float* y,
                      const rt::ConvShape& s) {
  if constexpr (kXs <= rt::kFastConvMaxStaticXs) {
    if (xs == kXs) return rt::FastConv2D<kAct, kXs>(x, w, b, y, s);
    FastConv2DStatic<kAct, kXs + 1>(xs, x, w, b, y, s);
  }
}

template <int kAct>
void CheckAgainstReference(const Case& c, bool depthwise, bool with_bias, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  const int64_t co = depthwise ? c.ci : c.co;
  auto s = Shape2D(c.h, c.w, c.ci, co, c.kh, c.kw, c.sh, c.sw, c.dh, c.dw, c.ph, c.pw, c.oh,
                   c.ow, depthwise ? c.ci : 1);
  std::vector<float> x(c.h * c.w * c.ci), f(c.kh * c.kw * (depthwise ? 1 : c.ci) * co),
      b(co), want(c.oh * c.ow * co), got(want.size(), -7.0f);
  for (float& v : x) v = u(rng);
  for (float& v : f) v = u(rng);
  for (float& v : b) v = u(rng);
  rt::Conv<float>(x.data(), f.data(), want.data(), s);
  for (size_t i = 0; i < want.size(); ++i) {
    float v = want[i] + (with_bias ? b[i % co] : 0.0f);
    if (kAct >= 1) v = v < 0 ? 0 : v;
    if (kAct == 2) v = v > 6 ? 6 : v;
    want[i] = v;
  }
  std::vector<float> packed;
  if (depthwise) {
    packed.resize(rt::PackedDepthwiseFilterSize(c.kh, c.kw, c.ci));
    rt::PackDepthwiseFilter(f.data(), c.kh, c.kw, c.ci, packed.data());
    rt::FastDepthwiseConv2D<kAct>(x.data(), packed.data(), with_bias ? b.data() : nullptr,
                                  got.data(), s);
  } else {
    packed.resize(rt::PackedConvFilterSize(c.kh, c.kw, c.ci, c.co));
    rt::PackConvFilter(f.data(), c.kh, c.kw, c.ci, c.co, packed.data());
    rt::FastConv2D<kAct>(x.data(), packed.data(), with_bias ? b.data() : nullptr, got.data(), s);
  }
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_EQ(got[i], want[i]) << "case h" << c.h << " w" << c.w << " ci" << c.ci << " co" << co
                               << " k" << c.kh << "x" << c.kw << " s" << c.sh << c.sw << " d"
                               << c.dh << c.dw << " p" << c.ph << c.pw << " at " << i;
  // The same through the compile-time column stride the emitter uses for
  // narrow inputs, and a wrong one (which must fall back to the general path).
  if (!depthwise && c.ci * c.sw <= rt::kFastConvMaxStaticXs) {
    for (int64_t xs : {c.ci * c.sw, c.ci * c.sw == 1 ? int64_t{2} : int64_t{1}}) {
      std::fill(got.begin(), got.end(), -7.0f);
      FastConv2DStatic<kAct>(xs, x.data(), packed.data(), with_bias ? b.data() : nullptr,
                             got.data(), s);
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got[i], want[i]) << "static xs " << xs << " case h" << c.h << " w" << c.w
                                   << " ci" << c.ci << " co" << co << " at " << i;
    }
  }
}

TEST(FastConvTest, MatchesDirectConvolution) {
  std::mt19937 rng(7);
  std::vector<Case> cases;
  for (bool same : {true, false}) {
    cases.push_back(Make(5, 7, 3, 5, 3, 3, 1, 1, 1, 1, same));
    cases.push_back(Make(9, 30, 4, 33, 3, 3, 2, 2, 1, 1, same));
    cases.push_back(Make(6, 17, 2, 16, 5, 5, 1, 1, 1, 1, same));
    cases.push_back(Make(8, 8, 17, 20, 1, 1, 1, 1, 1, 1, same));
    cases.push_back(Make(8, 40, 8, 32, 1, 1, 2, 2, 1, 1, same));
    cases.push_back(Make(9, 26, 3, 7, 3, 2, 1, 3, 2, 2, same));
    cases.push_back(Make(3, 3, 2, 3, 5, 5, 1, 1, 1, 1, same));  // larger than input
    cases.push_back(Make(12, 29, 5, 18, 3, 3, 1, 1, 1, 1, same));
    // Full 16-channel blocks and a tail for the 3-wide depthwise tiles of
    // stride 1 and 2; several 32-channel panel pairs for Conv2D.
    cases.push_back(Make(7, 21, 40, 40, 3, 3, 1, 1, 1, 1, same));
    cases.push_back(Make(9, 24, 35, 64, 3, 3, 2, 2, 1, 1, same));
    cases.push_back(Make(5, 19, 48, 80, 1, 1, 1, 1, 1, 1, same));
    cases.push_back(Make(17, 40, 3, 32, 3, 3, 2, 2, 1, 1, same));  // an RGB first layer
  }
  // 8 output channels, stride 1 and no padding along the width: the AVX-512
  // build's narrow path (16 columns per vector; tiles of 48, 32 and 16
  // columns, the last one overlapping), RGB, one and other channel counts,
  // strides, dilations and padding along the height.
  cases.push_back(Make(5, 18, 3, 8, 3, 3, 1, 1, 1, 1, false));    // 16 columns
  cases.push_back(Make(6, 40, 3, 8, 3, 3, 2, 1, 1, 1, false));    // 38 = 32 + 16
  cases.push_back(Make(4, 60, 1, 8, 2, 5, 1, 1, 2, 1, false));    // 56 = 48 + 16
  cases.push_back(Make(7, 102, 5, 8, 3, 1, 1, 1, 1, 1, false));   // 102 = 2 * 48 + 16
  cases.push_back(Make(3, 227, 3, 8, 3, 3, 1, 1, 1, 1, false));   // 225 = 4 * 48 + 48
  cases.push_back(Make(12, 30, 2, 8, 3, 3, 1, 1, 3, 1, false));   // 28 = 16 + 16
  cases.push_back(Make(6, 20, 3, 8, 3, 3, 1, 1, 1, 1, true));     // padded width: tiles
  cases.push_back(Case{6, 35, 3, 8, 3, 3, 1, 1, 1, 1, 1, 0, 6, 33});  // padded height only
  cases.push_back(Case{9, 16, 4, 8, 4, 1, 2, 1, 1, 1, 2, 0, 5, 16});  // k_h 4, stride 2
  cases.push_back(Case{4, 6, 3, 5, 3, 3, 1, 2, 1, 1, 2, 0, 6, 2});  // explicit padding
  for (const Case& c : cases)
    if (c.oh > 0 && c.ow > 0)  // VALID with a window larger than the input: no output
      for (bool depthwise : {false, true}) {
        CheckAgainstReference<0>(c, depthwise, false, rng);
        CheckAgainstReference<1>(c, depthwise, true, rng);
        CheckAgainstReference<2>(c, depthwise, true, rng);
      }
}

TEST(FastGemvTest, HandComputed) {
  // a = {1, 2}, B = [[1, 2, 3], [4, 5, 6]]: a*B = {9, 12, 15}; bias {0, -20, 1}; Relu.
  std::vector<float> b = {1, 2, 3, 4, 5, 6};
  std::vector<float> packed(rt::PackedGemvSize(2, 3));
  rt::PackGemvWeights(b.data(), 2, 3, false, packed.data());
  ir::Tensor a = ir::Tensor::FromVector<float>({1, 2}, {1, 2});
  ir::Tensor w = ir::Tensor::FromVector<float>(packed, {static_cast<int64_t>(packed.size())});
  auto y = EvalOp("TfaotMatMul", {a, w, T1<float>({0, -20, 1})},
                  {{"k", int64_t{2}}, {"n", int64_t{3}}, {"activation", int64_t{1}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), (ir::Shape{1, 3}));
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{9, 0, 16}));
  // The transposed layout [n][k] packs to the same panels.
  std::vector<float> bt = {1, 4, 2, 5, 3, 6}, packed_t(packed.size());
  rt::PackGemvWeights(bt.data(), 2, 3, true, packed_t.data());
  EXPECT_EQ(packed_t, packed);
}

TEST(FastGemvTest, MatchesMatMul) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1, 1);
  const std::vector<std::pair<int64_t, int64_t>> sizes = {{1, 1}, {7, 10}, {33, 64}, {100, 130}};
  for (auto [k, n] : sizes) {
    std::vector<float> a(k), b(k * n), bias(n), want(n), got(n);
    for (float& v : a) v = u(rng);
    for (float& v : b) v = u(rng);
    for (float& v : bias) v = u(rng);
    rt::MatMul<float>(a.data(), b.data(), want.data(), 1, k, n, false, false);
    for (int64_t j = 0; j < n; ++j) want[j] = want[j] + bias[j] > 6 ? 6 : want[j] + bias[j];
    for (float& v : want) v = v < 0 ? 0 : v;
    std::vector<float> packed(rt::PackedGemvSize(k, n));
    rt::PackGemvWeights(b.data(), k, n, false, packed.data());
    rt::FastGemv<rt::kConvActRelu6>(a.data(), packed.data(), bias.data(), got.data(), k, n);
    EXPECT_EQ(got, want) << "k " << k << " n " << n;
  }
}

}  // namespace
}  // namespace tfaot::ops
