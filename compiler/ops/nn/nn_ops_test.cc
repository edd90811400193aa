// Hand-computed cases for the neural-network, image and linear-algebra ops:
// each runs the op's shape rule and evaluator (the code constant folding
// uses, which calls the same runtime kernels as generated code).
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ops/op_def.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;

template <typename T>
Tensor Make(std::vector<T> v, ir::Shape shape) {
  return Tensor::FromVector<T>(v, std::move(shape));
}
Tensor F(std::vector<float> v, ir::Shape shape) { return Make<float>(std::move(v), shape); }
Tensor I(std::vector<int32_t> v) {
  const int64_t n = static_cast<int64_t>(v.size());
  return Make<int32_t>(std::move(v), {n});
}

// All outputs of `op` on constant `inputs`, or the error of infer/eval.
absl::StatusOr<std::vector<Tensor>> RunOp(const std::string& op, const std::vector<Tensor>& inputs,
                                        ir::AttrMap attrs = {}) {
  ir::Graph g;
  std::vector<ir::Node*> consts;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Node* c = g.AddNode("in" + std::to_string(i), "Const");
    c->attrs()["value"] = inputs[i];
    if (auto s = FindOp("Const")->infer(*c); !s.ok()) return s;
    consts.push_back(c);
  }
  ir::Node* node = g.AddNode("node", op);
  node->attrs() = std::move(attrs);
  for (ir::Node* c : consts) node->inputs().push_back({c, 0});
  const OpDef* def = FindOp(op);
  if (!def) return absl::NotFoundError(op);
  if (auto s = def->infer(*node); !s.ok()) return s;
  std::vector<const Tensor*> in;
  for (ir::Node* c : consts) in.push_back(c->output(0).constant.get());
  std::vector<Tensor> out;
  if (auto s = def->eval(*node, in, out); !s.ok()) return s;
  for (int i = 0; i < node->num_outputs(); ++i) {
    EXPECT_EQ(out[i].shape(), node->output(i).shape) << op << " output " << i;
    EXPECT_EQ(out[i].dtype(), node->output(i).dtype) << op << " output " << i;
  }
  return out;
}

template <typename T = float>
std::vector<T> Values(const Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.num_elements());
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << "at " << i;
}

ir::AttrMap ConvAttrs(const std::string& padding, std::vector<int64_t> strides,
                      const std::string& format = "NHWC") {
  return {{"padding", padding}, {"strides", strides}, {"data_format", format}};
}

const Tensor kImage3x3 = F({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});

TEST(ConvTest, Conv2DValidAndSame) {
  Tensor ones = F({1, 1, 1, 1}, {2, 2, 1, 1});
  auto valid = RunOp("Conv2D", {kImage3x3, ones}, ConvAttrs("VALID", {1, 1, 1, 1}));
  ASSERT_TRUE(valid.ok()) << valid.status();
  EXPECT_EQ((*valid)[0].shape(), (ir::Shape{1, 2, 2, 1}));
  ExpectNear(Values((*valid)[0]), {12, 16, 24, 28});
  // SAME, stride 2: one padding row/column after; windows at rows/cols 0, 2.
  auto same = RunOp("Conv2D", {kImage3x3, ones}, ConvAttrs("SAME", {1, 2, 2, 1}));
  ASSERT_TRUE(same.ok()) << same.status();
  ExpectNear(Values((*same)[0]), {12, 9, 15, 9});
  // NCHW with one channel reads the same bytes.
  auto nchw = RunOp("Conv2D", {F(Values(kImage3x3), {1, 1, 3, 3}), ones},
                  ConvAttrs("VALID", {1, 1, 1, 1}, "NCHW"));
  ASSERT_TRUE(nchw.ok()) << nchw.status();
  EXPECT_EQ((*nchw)[0].shape(), (ir::Shape{1, 1, 2, 2}));
  ExpectNear(Values((*nchw)[0]), {12, 16, 24, 28});
}

TEST(ConvTest, Conv2DExplicitPadding) {
  // One row of padding on top and one column on the right.
  ir::AttrMap attrs = ConvAttrs("EXPLICIT", {1, 1, 1, 1});
  attrs["explicit_paddings"] = std::vector<int64_t>{0, 0, 1, 0, 0, 1, 0, 0};
  auto r = RunOp("Conv2D", {kImage3x3, F({1, 1, 1, 1}, {2, 2, 1, 1})}, attrs);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].shape(), (ir::Shape{1, 3, 3, 1}));
  ExpectNear(Values((*r)[0]), {3, 5, 3, 12, 16, 9, 24, 28, 15});
}

TEST(ConvTest, Conv2DRejectsChannelMismatch) {
  auto r = RunOp("Conv2D", {F(std::vector<float>(27, 1), {1, 3, 3, 3}), F({1, 1}, {1, 1, 2, 1})},
               ConvAttrs("VALID", {1, 1, 1, 1}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("node 'node' (Conv2D)"), std::string::npos);
  EXPECT_NE(r.status().message().find("does not fit"), std::string::npos);
}

TEST(ConvTest, DepthwiseMultipliesEachChannel) {
  // Channel 0: 1,2,3,4 with weights 1; channel 1: 10..40 with weights 0.5.
  Tensor x = F({1, 10, 2, 20, 3, 30, 4, 40}, {1, 2, 2, 2});
  Tensor f = F({1, 0.5, 1, 0.5, 1, 0.5, 1, 0.5}, {2, 2, 2, 1});
  auto r = RunOp("DepthwiseConv2dNative", {x, f}, ConvAttrs("VALID", {1, 1, 1, 1}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].shape(), (ir::Shape{1, 1, 1, 2}));
  ExpectNear(Values((*r)[0]), {10, 50});
}

TEST(ConvTest, Conv2DBackpropInputCountsWindows) {
  auto r = RunOp("Conv2DBackpropInput",
               {I({1, 3, 3, 1}), F({1, 1, 1, 1}, {2, 2, 1, 1}), F({1, 1, 1, 1}, {1, 2, 2, 1})},
               ConvAttrs("VALID", {1, 1, 1, 1}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].shape(), (ir::Shape{1, 3, 3, 1}));
  ExpectNear(Values((*r)[0]), {1, 2, 1, 2, 4, 2, 1, 2, 1});
  auto bad = RunOp("Conv2DBackpropInput",
                 {I({1, 3, 3, 1}), F({1, 1, 1, 1}, {2, 2, 1, 1}), F({1, 1, 1}, {1, 3, 1, 1})},
                 ConvAttrs("VALID", {1, 1, 1, 1}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("out_backprop"), std::string::npos);
}

TEST(PoolTest, MaxAndAvg) {
  std::vector<float> v(16);
  for (int i = 0; i < 16; ++i) v[i] = i + 1;
  ir::AttrMap attrs = ConvAttrs("VALID", {1, 2, 2, 1});
  attrs["ksize"] = std::vector<int64_t>{1, 2, 2, 1};
  auto max = RunOp("MaxPool", {F(v, {1, 4, 4, 1})}, attrs);
  ASSERT_TRUE(max.ok()) << max.status();
  ExpectNear(Values((*max)[0]), {6, 8, 14, 16});
  // SAME: padding is left out of the average.
  attrs["padding"] = std::string("SAME");
  auto avg = RunOp("AvgPool", {kImage3x3}, attrs);
  ASSERT_TRUE(avg.ok()) << avg.status();
  ExpectNear(Values((*avg)[0]), {3, 4.5, 7.5, 9});
  attrs["ksize"] = std::vector<int64_t>{2, 2, 2, 1};
  auto bad = RunOp("MaxPool", {kImage3x3}, attrs);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("batch and channel"), std::string::npos);
}

TEST(PoolTest, MaxOverChannelBlocks) {
  // Channels-last max pooling over 8, 16, 5 and 27 (16 + 8 + 3) channels,
  // SAME 3x3 windows of stride 2 on 5x6 (clipped at the edges), one NaN
  // (never greater, so never taken): against a naive loop over the window.
  for (int64_t c : {8, 16, 5, 27}) {
    const int64_t h = 5, w = 6, oh = 3, ow = 3;
    std::vector<float> v(h * w * c);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 101) - 50.0f;
    v[(1 * w + 2) * c + c - 1] = std::nanf("");
    std::vector<float> want;
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t k = 0; k < c; ++k) {
          float m = std::numeric_limits<float>::lowest();
          for (int64_t iy = y * 2 - 1; iy < y * 2 + 2; ++iy)
            for (int64_t ix = x * 2; ix < x * 2 + 3; ++ix)  // SAME pads 1 after along w
              if (iy >= 0 && iy < h && ix < w) {
                const float e = v[(iy * w + ix) * c + k];
                m = e > m ? e : m;
              }
          want.push_back(m);
        }
    ir::AttrMap attrs = ConvAttrs("SAME", {1, 2, 2, 1});
    attrs["ksize"] = std::vector<int64_t>{1, 3, 3, 1};
    auto max = RunOp("MaxPool", {F(v, {1, h, w, c})}, attrs);
    ASSERT_TRUE(max.ok()) << max.status();
    EXPECT_EQ(Values((*max)[0]), want) << c << " channels";
  }
}

TEST(PoolTest, MaxTwoByTwoStrideTwoKeepsTheFirstOfEqualValues) {
  // 2x2 windows of stride 2 (their own unrolled path for 8k channels), VALID
  // on an odd width and SAME (the last column's window clipped), with a NaN,
  // -inf, and -0 before +0 in one window (the first of equal values is kept,
  // so the zero's sign shows the comparison order): bits against a naive loop.
  for (const char* padding : {"VALID", "SAME"})
    for (int64_t c : {8, 16, 24, 40, 5}) {
      const int64_t h = 4, w = 7, oh = 2, ow = padding[0] == 'V' ? 3 : 4;
      std::vector<float> v(h * w * c);
      for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 101) - 50.0f;
      v[(0 * w + 2) * c + c - 1] = std::nanf("");
      v[(1 * w + 3) * c] = -std::numeric_limits<float>::infinity();
      for (int64_t k = 0; k < c; ++k) {  // window (0, 0): -0, +0, then negatives
        v[(0 * w + 0) * c + k] = -0.0f;
        v[(0 * w + 1) * c + k] = 0.0f;
        v[(1 * w + 0) * c + k] = -1.0f;
        v[(1 * w + 1) * c + k] = -2.0f;
      }
      std::vector<float> want;
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x)
          for (int64_t k = 0; k < c; ++k) {
            float m = std::numeric_limits<float>::lowest();
            for (int64_t iy = 2 * y; iy < 2 * y + 2; ++iy)
              for (int64_t ix = 2 * x; ix < 2 * x + 2 && ix < w; ++ix) {
                const float e = v[(iy * w + ix) * c + k];
                m = e > m ? e : m;
              }
            want.push_back(m);
          }
      ir::AttrMap attrs = ConvAttrs(padding, {1, 2, 2, 1});
      attrs["ksize"] = std::vector<int64_t>{1, 2, 2, 1};
      auto max = RunOp("MaxPool", {F(v, {1, h, w, c})}, attrs);
      ASSERT_TRUE(max.ok()) << max.status();
      std::vector<float> got = Values((*max)[0]);
      ASSERT_EQ(got.size(), want.size());
      EXPECT_TRUE(std::signbit(got[0])) << "-0 came first in window (0, 0)";
      EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)), 0)
          << padding << ", " << c << " channels";
    }
}

TEST(BatchNormTest, InferenceAndTraining) {
  auto r = RunOp("FusedBatchNorm",
               {F({1, 2}, {1, 1, 1, 2}), F({2, 1}, {2}), F({0, 1}, {2}), F({0, 1}, {2}),
                F({3, 0}, {2})},
               {{"epsilon", 1.0f}, {"is_training", false}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 5u);
  ExpectNear(Values((*r)[0]), {1, 2});  // (1-0)*2/sqrt(4)+0, (2-1)*1/sqrt(1)+1
  ExpectNear(Values((*r)[2]), {3, 0});
  // Training: batch mean 2, biased variance 1, corrected 2 (two samples).
  auto t = RunOp("FusedBatchNormV3",
               {F({1, 3}, {2, 1, 1, 1}), F({1}, {1}), F({0}, {1}), F({}, {0}), F({}, {0})},
               {{"epsilon", 0.0f}, {"is_training", true}});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 6u);
  ExpectNear(Values((*t)[0]), {-1, 1});
  ExpectNear(Values((*t)[1]), {2});
  ExpectNear(Values((*t)[2]), {2});
  ExpectNear(Values((*t)[4]), {1});
}

TEST(BatchMatMulTest, BroadcastsBatch) {
  auto r = RunOp("BatchMatMulV2", {F({1, 2, 3, 4}, {2, 1, 2}), F({1, 1}, {2, 1})});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].shape(), (ir::Shape{2, 1, 1}));
  ExpectNear(Values((*r)[0]), {3, 7});
  // adj_x: [[1,3],[2,4]]^T-like read of a [1,2,2] batch.
  auto adj = RunOp("BatchMatMul", {F({1, 2, 3, 4}, {1, 2, 2}), F({1, 0, 0, 1}, {1, 2, 2})},
                 {{"adj_x", true}});
  ASSERT_TRUE(adj.ok()) << adj.status();
  ExpectNear(Values((*adj)[0]), {1, 3, 2, 4});
  EXPECT_FALSE(RunOp("BatchMatMulV2", {F({1, 2}, {1, 2}), F({1, 2}, {1, 2})}).ok());
}

TEST(SoftmaxTest, LogSoftmax) {
  auto r = RunOp("LogSoftmax", {F({0, 0, 1, 1}, {2, 2})});
  ASSERT_TRUE(r.ok()) << r.status();
  const float l2 = std::log(2.0f);
  ExpectNear(Values((*r)[0]), {-l2, -l2, -l2, -l2});
}

TEST(SoftmaxTest, CrossEntropy) {
  // Two equal logits: softmax 0.5 each, loss log 2.
  const float l2 = std::log(2.0f);
  auto r = RunOp("SoftmaxCrossEntropyWithLogits", {F({0, 0}, {1, 2}), F({1, 0}, {1, 2})});
  ASSERT_TRUE(r.ok()) << r.status();
  ExpectNear(Values((*r)[0]), {l2});
  ExpectNear(Values((*r)[1]), {-0.5, 0.5});
  auto sp = RunOp("SparseSoftmaxCrossEntropyWithLogits", {F({0, 0}, {1, 2}), I({1})});
  ASSERT_TRUE(sp.ok()) << sp.status();
  ExpectNear(Values((*sp)[0]), {l2});
  ExpectNear(Values((*sp)[1]), {0.5, -0.5});
  EXPECT_FALSE(RunOp("SparseSoftmaxCrossEntropyWithLogits", {F({0, 0}, {1, 2}), I({1, 0})}).ok());
}

TEST(ResizeTest, NearestBilinearArea) {
  auto nn = RunOp("ResizeNearestNeighbor", {F({1, 2, 3, 4}, {1, 2, 2, 1}), I({4, 4})});
  ASSERT_TRUE(nn.ok()) << nn.status();
  ExpectNear(Values((*nn)[0]), {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  auto bl = RunOp("ResizeBilinear", {F({0, 10}, {1, 1, 2, 1}), I({1, 4})});
  ASSERT_TRUE(bl.ok()) << bl.status();
  ExpectNear(Values((*bl)[0]), {0, 5, 10, 10});
  auto ac = RunOp("ResizeBilinear", {F({0, 10}, {1, 1, 2, 1}), I({1, 3})},
                {{"align_corners", true}});
  ASSERT_TRUE(ac.ok()) << ac.status();
  ExpectNear(Values((*ac)[0]), {0, 5, 10});
  // Half-pixel centers: source x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25.
  auto hp = RunOp("ResizeBilinear", {F({0, 10}, {1, 1, 2, 1}), I({1, 4})},
                  {{"half_pixel_centers", true}});
  ASSERT_TRUE(hp.ok()) << hp.status();
  ExpectNear(Values((*hp)[0]), {0, 2.5, 7.5, 10});
  auto area = RunOp("ResizeArea", {Make<int32_t>({1, 2, 3, 4}, {1, 1, 4, 1}), I({1, 2})});
  ASSERT_TRUE(area.ok()) << area.status();
  EXPECT_EQ((*area)[0].dtype(), ir::DType::kFloat);
  ExpectNear(Values((*area)[0]), {1.5, 3.5});
  EXPECT_FALSE(RunOp("ResizeBilinear", {F({0, 10}, {1, 2}), I({1, 3})}).ok());
}

TEST(CropAndResizeTest, WholeImageAndCenter) {
  Tensor image = F({1, 2, 3, 4}, {1, 2, 2, 1});
  Tensor box = F({0, 0, 1, 1}, {1, 4});
  auto whole = RunOp("CropAndResize", {image, box, I({0}), I({2, 2})});
  ASSERT_TRUE(whole.ok()) << whole.status();
  ExpectNear(Values((*whole)[0]), {1, 2, 3, 4});
  auto center = RunOp("CropAndResize", {image, box, I({0}), I({1, 1})});
  ASSERT_TRUE(center.ok()) << center.status();
  ExpectNear(Values((*center)[0]), {2.5});
}

TEST(LinalgTest, DeterminantInverseCross) {
  auto det = RunOp("MatrixDeterminant", {F({1, 2, 3, 4, 2, 0, 0, 0, 3, 0, 0, 0, 4}, {13})});
  EXPECT_FALSE(det.ok());  // not a matrix
  auto d2 = RunOp("MatrixDeterminant", {F({1, 2, 3, 4}, {2, 2})});
  ASSERT_TRUE(d2.ok()) << d2.status();
  EXPECT_EQ((*d2)[0].shape(), ir::Shape{});
  ExpectNear(Values((*d2)[0]), {-2});
  auto d3 = RunOp("MatrixDeterminant", {F({0, 0, 4, 0, 3, 0, 2, 0, 0}, {1, 3, 3})});
  ASSERT_TRUE(d3.ok()) << d3.status();
  ExpectNear(Values((*d3)[0]), {-24});  // anti-diagonal 2*3*4, odd permutation
  auto inv = RunOp("MatrixInverse", {F({4, 7, 2, 6}, {2, 2})});
  ASSERT_TRUE(inv.ok()) << inv.status();
  ExpectNear(Values((*inv)[0]), {0.6, -0.7, -0.2, 0.4});
  auto adj = RunOp("MatrixInverse", {F({4, 7, 2, 6}, {2, 2})}, {{"adjoint", true}});
  ASSERT_TRUE(adj.ok()) << adj.status();
  ExpectNear(Values((*adj)[0]), {0.6, -0.2, -0.7, 0.4});
  EXPECT_FALSE(RunOp("MatrixInverse", {F({1, 2, 3, 4, 5, 6}, {2, 3})}).ok());
  auto cross = RunOp("Cross", {F({1, 0, 0, 0, 1, 0}, {2, 3}), F({0, 1, 0, 0, 0, 1}, {2, 3})});
  ASSERT_TRUE(cross.ok()) << cross.status();
  ExpectNear(Values((*cross)[0]), {0, 0, 1, 1, 0, 0});
}

TEST(NnMiscTest, LrnDilationBiasAddGrad) {
  auto lrn = RunOp("LRN", {F({1, 2}, {1, 1, 1, 2})},
                 {{"depth_radius", int64_t{1}}, {"bias", 1.0f}, {"alpha", 1.0f}, {"beta", 1.0f}});
  ASSERT_TRUE(lrn.ok()) << lrn.status();
  ExpectNear(Values((*lrn)[0]), {1.0f / 6, 2.0f / 6});  // 1 + (1 + 4) = 6
  ir::AttrMap d = {{"padding", std::string("VALID")},
                   {"strides", std::vector<int64_t>{1, 1, 1, 1}},
                   {"rates", std::vector<int64_t>{1, 1, 1, 1}}};
  auto dil = RunOp("Dilation2D", {F({1, 2, 3, 4}, {1, 2, 2, 1}), F({0, 10, 0, 0}, {2, 2, 1})}, d);
  ASSERT_TRUE(dil.ok()) << dil.status();
  ExpectNear(Values((*dil)[0]), {12});  // max(1+0, 2+10, 3+0, 4+0)
  auto grad = RunOp("BiasAddGrad", {F({1, 2, 3, 4, 5, 6}, {2, 3})});
  ASSERT_TRUE(grad.ok()) << grad.status();
  ExpectNear(Values((*grad)[0]), {5, 7, 9});
}

}  // namespace
}  // namespace tfaot::ops
