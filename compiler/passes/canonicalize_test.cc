#include "compiler/passes/canonicalize.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

TEST(CanonicalizeTest, NhwcBiasAddBecomesAddV2) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3});
  ir::Node* bias = b.Const<float>("bias", {1, 2, 3}, {3});
  ir::Node* explicit_nhwc =
      b.Op("nhwc", "BiasAdd", {x, bias},
           {{"T", DType::kFloat}, {"data_format", std::string("NHWC")}});
  ir::Node* defaulted = b.Op("default", "BiasAdd", {x, bias});
  b.Fetch(explicit_nhwc);
  b.Fetch(defaulted);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(Canonicalize(b.graph()).ok());
  EXPECT_EQ(explicit_nhwc->op(), "AddV2");
  EXPECT_TRUE(explicit_nhwc->attrs().empty());
  EXPECT_EQ(defaulted->op(), "AddV2");
  ASSERT_EQ(explicit_nhwc->num_inputs(), 2);
  EXPECT_EQ(explicit_nhwc->inputs()[0].node, x);
  EXPECT_EQ(explicit_nhwc->inputs()[1].node, bias);
  // The rewritten node still infers to the same shape.
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(explicit_nhwc->output(0).shape, (ir::Shape{2, 3}));
}

TEST(CanonicalizeTest, SelectWithVectorConditionBroadcastsRows) {
  GraphBuilder b;
  ir::Node* c = b.Placeholder("c", DType::kBool, {3});
  ir::Node* x = b.Placeholder("x", DType::kFloat, {3, 2, 4});
  ir::Node* y = b.Placeholder("y", DType::kFloat, {3, 2, 4});
  ir::Node* select = b.Op("select", "Select", {c, x, y}, {{"T", DType::kFloat}});
  b.Fetch(select);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(Canonicalize(b.graph()).ok());
  EXPECT_EQ(select->op(), "SelectV2");
  const ir::Node* rows = select->inputs()[0].node;
  EXPECT_EQ(rows->op(), "Reshape");
  EXPECT_EQ(rows->inputs()[0].node, c);
  EXPECT_EQ(rows->output(0).shape, (ir::Shape{3, 1, 1}));
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(select->output(0).shape, (ir::Shape{3, 2, 4}));
}

TEST(CanonicalizeTest, NchwBiasAddStaysAKernel) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 3, 2, 2});
  ir::Node* bias = b.Const<float>("bias", {1, 2, 3}, {3});
  ir::Node* nchw = b.Op("nchw", "BiasAdd", {x, bias}, {{"data_format", std::string("NCHW")}});
  b.Fetch(nchw);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(Canonicalize(b.graph()).ok());
  EXPECT_EQ(nchw->op(), "BiasAdd");
  EXPECT_EQ(nchw->GetStringOr("data_format", ""), "NCHW");
}

}  // namespace
}  // namespace tfaot::passes

namespace tfaot::passes {
namespace {

TEST(CanonicalizeTest, ConstantTransposedMatMulWeightsAreTransposedOnce) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", ir::DType::kFloat, {1, 2});
  // W stored [N=3, K=2]; x @ W^T with x = [1, 10] gives [21, 43, 65].
  ir::Node* w = b.Const<float>("w", {1, 2, 3, 4, 5, 6}, {3, 2});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w}, {{"transpose_b", true}});
  b.Fetch(mm);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(Canonicalize(b.graph()).ok());
  EXPECT_FALSE(mm->GetBoolOr("transpose_b", true));
  const ir::Tensor* wt = mm->input_constant(1);
  ASSERT_NE(wt, nullptr);
  EXPECT_EQ(wt->shape(), ir::Shape({2, 3}));
  const float want[] = {1, 3, 5, 2, 4, 6};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(wt->data<float>()[i], want[i]);
  EXPECT_EQ(b.graph().FindNode("w"), nullptr);  // the original is dead
}

}  // namespace
}  // namespace tfaot::passes
