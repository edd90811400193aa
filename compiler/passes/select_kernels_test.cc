#include "compiler/passes/select_kernels.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;

ir::AttrMap ConvAttrs(const std::string& padding, std::vector<int64_t> strides = {1, 1, 1, 1}) {
  return {{"strides", strides}, {"padding", padding}, {"T", DType::kFloat}};
}

// Runs the node's evaluator on constant inputs.
std::vector<float> Evaluate(const ir::Node& node) {
  std::vector<const ir::Tensor*> in;
  for (int i = 0; i < node.num_inputs(); ++i) in.push_back(node.input_constant(i));
  std::vector<ir::Tensor> out;
  EXPECT_TRUE(ops::FindOp(node.op())->eval(node, in, out).ok());
  return std::vector<float>(out[0].data<float>(), out[0].data<float>() + out[0].num_elements());
}

TEST(SelectKernelsTest, ConvBiasReluBecomesOneKernel) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 3, 3, 1});
  // Channel 0: sum of the 2x2 window; channel 1: its top-left value.
  ir::Node* w = b.Const<float>("w", {1, 1, 1, 0, 1, 0, 1, 0}, {2, 2, 1, 2});
  ir::Node* conv = b.Op("conv", "Conv2D", {x, w}, ConvAttrs("VALID"));
  ir::Node* bias = b.Const<float>("bias", {0.5f, -100.0f}, {2});
  ir::Node* add = b.Op("add", "AddV2", {conv, bias});
  ir::Node* relu = b.Op("relu", "Relu", {add});
  b.Fetch(relu, "y");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());

  ir::Node* fast = b.graph().fetches()[0].value.node;
  ASSERT_EQ(fast->op(), "TfaotConv2D");
  EXPECT_EQ(fast->GetIntOr("activation", -1), 1);
  EXPECT_EQ(fast->num_inputs(), 3);
  EXPECT_EQ(std::get<std::vector<std::string>>(fast->attrs().at("fused_nodes")),
            (std::vector<std::string>{"conv", "add", "relu"}));
  EXPECT_EQ(b.graph().FindNode("conv"), nullptr);
  EXPECT_EQ(b.graph().FindNode("add"), nullptr);
  EXPECT_EQ(b.graph().FindNode("relu"), nullptr);
  EXPECT_EQ(fast->output(0).shape, (ir::Shape{1, 2, 2, 2}));
  // The packed filter: one panel of 16 channels per (kh, kw, ci) tap.
  const ir::Tensor* packed = fast->input_constant(1);
  ASSERT_NE(packed, nullptr);
  ASSERT_EQ(packed->num_elements(), 4 * 16);
  EXPECT_EQ(packed->data<float>()[0], 1.0f);
  EXPECT_EQ(packed->data<float>()[1], 1.0f);
  EXPECT_EQ(packed->data<float>()[16 + 1], 0.0f);
  EXPECT_EQ(packed->data<float>()[2], 0.0f);  // padding channel

  // The same node on a constant input computes conv + bias, then Relu.
  ir::GraphBuilder c;
  ir::Node* cx = c.Const<float>("x", {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  ir::Node* cw = c.ConstTensor("w", *packed);
  ir::Node* cb = c.Const<float>("b", {0.5f, -100.0f}, {2});
  ir::Node* n = c.Op("fast", "TfaotConv2D", {cx, cw, cb}, fast->attrs());
  ASSERT_TRUE(InferShapes(c.graph()).ok());
  EXPECT_EQ(Evaluate(*n), (std::vector<float>{12.5f, 0, 16.5f, 0, 24.5f, 0, 28.5f, 0}));
}

TEST(SelectKernelsTest, DepthwiseWithSharedOutputKeepsTheAdd) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 4, 4, 2});
  ir::Node* w = b.Const<float>("w", std::vector<float>(18, 1.0f), {3, 3, 2, 1});
  ir::Node* conv = b.Op("dw", "DepthwiseConv2dNative", {x, w}, ConvAttrs("SAME", {1, 2, 2, 1}));
  ir::Node* bias = b.Const<float>("bias", {1, 2}, {2});
  b.Fetch(b.Op("add", "AddV2", {conv, bias}), "y");
  b.Fetch(conv, "raw");  // the value before the bias is needed too
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());
  ir::Node* add = b.graph().FindNode("add");
  ASSERT_NE(add, nullptr);
  ir::Node* fast = add->inputs()[0].node;
  EXPECT_EQ(fast->op(), "TfaotDepthwiseConv2D");
  EXPECT_EQ(fast->num_inputs(), 2);
  EXPECT_EQ(fast->GetIntOr("activation", -1), 0);
  EXPECT_EQ(std::get<std::vector<std::string>>(fast->attrs().at("fused_nodes")),
            std::vector<std::string>{"dw"});
  EXPECT_EQ(b.graph().fetches()[1].value.node, fast);
  EXPECT_EQ(fast->output(0).shape, (ir::Shape{1, 2, 2, 2}));
  // SAME, stride 2 on 4x4: pad 0 before, 1 after.
  EXPECT_EQ(fast->GetIntListOr("conv_shape", {})[13], 0);
}

TEST(SelectKernelsTest, LeavesUnsupportedConvolutionsAlone) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 4, 4, 2});
  ir::Node* w = b.Placeholder("w", DType::kFloat, {3, 3, 2, 4}, /*feed=*/true);
  b.Fetch(b.Op("conv", "Conv2D", {x, w}, ConvAttrs("SAME")), "y");  // run-time filter
  ir::Node* wm = b.Const<float>("wm", std::vector<float>(36, 1.0f), {3, 3, 2, 2});
  b.Fetch(b.Op("dw", "DepthwiseConv2dNative", {x, wm}, ConvAttrs("SAME")), "z");  // multiplier 2
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());
  EXPECT_EQ(b.graph().fetches()[0].value.node->op(), "Conv2D");
  EXPECT_EQ(b.graph().fetches()[1].value.node->op(), "DepthwiseConv2dNative");
}

TEST(SelectKernelsTest, OneRowMatMulBecomesGemvWithBias) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 64});
  ir::Node* w = b.Const<float>("w", std::vector<float>(64 * 80, 0.5f), {64, 80});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w});
  ir::Node* bias = b.Const<float>("bias", std::vector<float>(80, 1.0f), {80});
  b.Fetch(b.Op("relu6", "Relu6", {b.Op("add", "AddV2", {mm, bias})}), "y");
  ir::Node* x2 = b.Placeholder("x2", DType::kFloat, {2, 64});  // two rows: left alone
  b.Fetch(b.Op("mm2", "MatMul", {x2, w}), "z");
  ir::Node* small = b.Const<float>("small", {1, 2, 3, 4, 5, 6}, {2, 3});  // too small to pay
  b.Fetch(b.Op("mm3", "MatMul", {b.Placeholder("x3", DType::kFloat, {1, 2}), small}), "t");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());
  ir::Node* fast = b.graph().fetches()[0].value.node;
  ASSERT_EQ(fast->op(), "TfaotMatMul");
  EXPECT_EQ(fast->GetIntOr("activation", -1), 2);
  EXPECT_EQ(fast->num_inputs(), 3);
  EXPECT_EQ(fast->output(0).shape, (ir::Shape{1, 80}));
  EXPECT_EQ(fast->input_constant(1)->num_elements(), 128 * 64);  // two 64-column panels
  EXPECT_EQ(b.graph().fetches()[1].value.node->op(), "MatMul");
  EXPECT_EQ(b.graph().fetches()[2].value.node->op(), "MatMul");
}

TEST(SelectKernelsTest, OnePixelOneByOneConvBecomesGemv) {
  // A classifier head: [1,1,1,128] x 1x1 filter [128 -> 32] + bias, as MatMul.
  ir::GraphBuilder b;
  std::vector<float> x(128), w(128 * 32), bias(32);
  for (int i = 0; i < 128; ++i) x[i] = static_cast<float>(i % 5) - 2.0f;
  for (int i = 0; i < 128 * 32; ++i) w[i] = static_cast<float>((i * 7) % 11) * 0.25f - 1.0f;
  for (int i = 0; i < 32; ++i) bias[i] = static_cast<float>(i);
  ir::Node* conv = b.Op("head", "Conv2D",
                        {b.Const<float>("x", x, {1, 1, 1, 128}), b.Const<float>("w", w, {1, 1, 128, 32})},
                        ConvAttrs("SAME"));
  b.Fetch(b.Op("add", "AddV2", {conv, b.Const<float>("bias", bias, {32})}), "y");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(SelectKernels(b.graph()).ok());
  ir::Node* fast = b.graph().fetches()[0].value.node;
  ASSERT_EQ(fast->op(), "TfaotMatMul");
  EXPECT_EQ(fast->output(0).shape, (ir::Shape{1, 1, 1, 32}));
  EXPECT_EQ(std::get<std::vector<std::string>>(fast->attrs().at("fused_nodes")),
            (std::vector<std::string>{"head", "add"}));
  // By hand: y[n] = bias[n] + sum_k x[k] w[k][n] (small integers and quarters: exact).
  std::vector<float> want(32);
  for (int n = 0; n < 32; ++n) {
    double sum = 0;
    for (int k = 0; k < 128; ++k) sum += static_cast<double>(x[k]) * w[k * 32 + n];
    want[n] = static_cast<float>(sum + bias[n]);
  }
  EXPECT_EQ(Evaluate(*fast), want);
}

}  // namespace
}  // namespace tfaot::passes
