#include "compiler/passes/fuse_kernels.h"

#include <cstring>
#include <random>

#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/passes/select_kernels.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;

ir::AttrMap ConvAttrs(const std::string& padding, int stride = 1) {
  return {{"strides", std::vector<int64_t>{1, stride, stride, 1}},
          {"padding", padding},
          {"T", DType::kFloat}};
}

ir::AttrMap PoolAttrs(int k, int stride, const std::string& padding) {
  return {{"ksize", std::vector<int64_t>{1, k, k, 1}},
          {"strides", std::vector<int64_t>{1, stride, stride, 1}},
          {"padding", padding},
          {"T", DType::kFloat}};
}

std::vector<float> Random(int64_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// The node's evaluator on the given inputs (its own constants where null).
ir::Tensor Eval(const ir::Node& node, std::vector<const ir::Tensor*> in = {}) {
  in.resize(node.num_inputs(), nullptr);
  for (int i = 0; i < node.num_inputs(); ++i)
    if (!in[i]) in[i] = node.input_constant(i);
  std::vector<ir::Tensor> out;
  EXPECT_TRUE(ops::FindOp(node.op())->eval(node, in, out).ok()) << node.name();
  return std::move(out[0]);
}

bool SameBytes(const ir::Tensor& a, const ir::Tensor& b) {
  return a.byte_size() == b.byte_size() && std::memcmp(a.raw(), b.raw(), a.byte_size()) == 0;
}

// x -> conv(k x k, 8 or 24 channels) + bias -> Relu -> MaxPool; x a constant
// so the kernels can be evaluated.
struct ConvPoolGraph {
  ir::GraphBuilder b;
  ConvPoolGraph(int64_t hw, int64_t cin, int64_t cout, const ir::AttrMap& pool, bool fetch_conv) {
    ir::Node* x = b.Const<float>("x", Random(hw * hw * cin, 1), {1, hw, hw, cin});
    ir::Node* w = b.Const<float>("w", Random(9 * cin * cout, 2), {3, 3, cin, cout});
    ir::Node* conv = b.Op("conv", "Conv2D", {x, w}, ConvAttrs("SAME"));
    ir::Node* add = b.Op("add", "AddV2", {conv, b.Const<float>("bias", Random(cout, 3), {cout})});
    ir::Node* relu = b.Op("relu", "Relu", {add});
    b.Fetch(b.Op("pool", "MaxPool", {relu}, pool), "y");
    if (fetch_conv) b.Fetch(relu, "conv_out");
    EXPECT_TRUE(InferShapes(b.graph()).ok());
    EXPECT_TRUE(SelectKernels(b.graph()).ok());
  }
};

TEST(FuseKernelsTest, ConvReluMaxPoolBecomesOneKernelWithTheSameBits) {
  for (const ir::AttrMap& pool : {PoolAttrs(2, 2, "VALID"), PoolAttrs(3, 2, "SAME"),
                                  PoolAttrs(2, 3, "VALID")}) {
    for (int64_t cout : {8, 24}) {
      ConvPoolGraph unfused(19, 3, cout, pool, false);
      ConvPoolGraph fused(19, 3, cout, pool, false);
      ASSERT_TRUE(FuseKernels(fused.b.graph()).ok());
      ir::Node* k = fused.b.graph().fetches()[0].value.node;
      ASSERT_EQ(k->op(), "TfaotConvMaxPool2D");
      EXPECT_EQ(std::get<std::vector<std::string>>(k->attrs().at("fused_nodes")),
                (std::vector<std::string>{"conv", "add", "relu", "pool"}));
      EXPECT_EQ(fused.b.graph().FindNode("pool"), nullptr);

      ir::Node* pool_node = unfused.b.graph().fetches()[0].value.node;
      ASSERT_EQ(pool_node->op(), "MaxPool");
      ir::Node* conv = pool_node->inputs()[0].node;
      ASSERT_EQ(conv->op(), "TfaotConv2D");
      ir::Tensor conv_out = Eval(*conv);
      ir::Tensor want = Eval(*pool_node, {&conv_out});
      ir::Tensor got = Eval(*k);
      EXPECT_EQ(got.shape(), want.shape());
      EXPECT_TRUE(SameBytes(got, want)) << "cout " << cout;
    }
  }
}

TEST(FuseKernelsTest, ConvPoolByHand) {
  // 1x4x4x1 input 0..15, a 1x1 conv scaling by -1 plus bias 20, Relu, 2x2
  // max pool: each output is 20 minus the smallest value of its window.
  ir::GraphBuilder b;
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
  ir::Node* conv = b.Op("conv", "Conv2D",
                        {b.Const<float>("x", x, {1, 4, 4, 1}), b.Const<float>("w", {-1.0f}, {1, 1, 1, 1})},
                        ConvAttrs("VALID"));
  ir::Node* relu = b.Op("relu", "Relu", {b.Op("add", "AddV2", {conv, b.Const<float>("b", {20.0f}, {1})})});
  b.Fetch(b.Op("pool", "MaxPool", {relu}, PoolAttrs(2, 2, "VALID")), "y");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());
  ASSERT_TRUE(FuseKernels(b.graph()).ok());
  ir::Node* k = b.graph().fetches()[0].value.node;
  ASSERT_EQ(k->op(), "TfaotConvMaxPool2D");
  ir::Tensor y = Eval(*k);
  ASSERT_EQ(y.num_elements(), 4);
  EXPECT_EQ(std::vector<float>(y.data<float>(), y.data<float>() + 4),
            (std::vector<float>{20.0f, 18.0f, 12.0f, 10.0f}));
}

TEST(FuseKernelsTest, FetchedConvOutputIsNotFused) {
  ConvPoolGraph g(19, 3, 8, PoolAttrs(2, 2, "VALID"), /*fetch_conv=*/true);
  ASSERT_TRUE(FuseKernels(g.b.graph()).ok());
  EXPECT_EQ(g.b.graph().fetches()[0].value.node->op(), "MaxPool");
  EXPECT_EQ(g.b.graph().fetches()[1].value.node->op(), "TfaotConv2D");
}

// x -> depthwise 3x3 (stride s) + bias -> Relu6 -> 1x1 conv + bias -> Relu6.
struct SeparableGraph {
  ir::GraphBuilder b;
  SeparableGraph(int64_t hw, int64_t c, int64_t cout, int stride) {
    ir::Node* x = b.Const<float>("x", Random(hw * hw * c, 4), {1, hw, hw, c});
    ir::Node* dw = b.Op("dw", "DepthwiseConv2dNative",
                        {x, b.Const<float>("dw_w", Random(9 * c, 5), {3, 3, c, 1})},
                        ConvAttrs("SAME", stride));
    ir::Node* dw_relu = b.Op("dw_relu", "Relu6", {b.Op("dw_add", "AddV2", {dw, b.Const<float>("dw_b", Random(c, 6), {c})})});
    ir::Node* pw = b.Op("pw", "Conv2D", {dw_relu, b.Const<float>("pw_w", Random(c * cout, 7), {1, 1, c, cout})},
                        ConvAttrs("VALID"));
    b.Fetch(b.Op("pw_relu", "Relu6", {b.Op("pw_add", "AddV2", {pw, b.Const<float>("pw_b", Random(cout, 8), {cout})})}), "y");
    EXPECT_TRUE(InferShapes(b.graph()).ok());
    EXPECT_TRUE(SelectKernels(b.graph()).ok());
  }
};

TEST(FuseKernelsTest, DepthwisePointwiseBecomesOneKernelWithTheSameBits) {
  // 64x64x16 floats after the depthwise: 256 KiB, the smallest fused size;
  // 130x130 at stride 2 makes 65 rows (a last band shorter than the others).
  for (auto [hw, stride, cout] : {std::tuple<int64_t, int, int64_t>{64, 1, 40}, {130, 2, 24}}) {
    SeparableGraph unfused(hw, 16, cout, stride);
    SeparableGraph fused(hw, 16, cout, stride);
    ASSERT_TRUE(FuseKernels(fused.b.graph()).ok());
    ir::Node* k = fused.b.graph().fetches()[0].value.node;
    ASSERT_EQ(k->op(), "TfaotDepthwisePointwise");
    EXPECT_EQ(std::get<std::vector<std::string>>(k->attrs().at("fused_nodes")),
              (std::vector<std::string>{"dw", "dw_add", "dw_relu", "pw", "pw_add", "pw_relu"}));
    ir::Node* pw = unfused.b.graph().fetches()[0].value.node;
    ASSERT_EQ(pw->op(), "TfaotConv2D");
    ir::Node* dw = pw->inputs()[0].node;
    ASSERT_EQ(dw->op(), "TfaotDepthwiseConv2D");
    ir::Tensor dw_out = Eval(*dw);
    ir::Tensor want = Eval(*pw, {&dw_out});
    ir::Tensor got = Eval(*k);
    EXPECT_EQ(got.shape(), want.shape());
    EXPECT_TRUE(SameBytes(got, want)) << hw << " " << stride;
  }
}

TEST(FuseKernelsTest, SmallDepthwiseOutputStaysTwoKernels) {
  SeparableGraph g(16, 16, 32, 1);  // 16 KiB: in L2 anyway
  ASSERT_TRUE(FuseKernels(g.b.graph()).ok());
  EXPECT_EQ(g.b.graph().fetches()[0].value.node->op(), "TfaotConv2D");
}

}  // namespace
}  // namespace tfaot::passes
