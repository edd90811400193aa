#include "compiler/passes/fold_channel_scale.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;

TEST(FoldChannelScaleTest, ScaleAfterMatMulMovesIntoTheWeights) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 2});
  ir::Node* w = b.Const<float>("w", {1, 2, 3, 4, 5, 6}, {2, 3});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w});
  ir::Node* s = b.Const<float>("s", {10, 100, 1000}, {3});
  ir::Node* mul = b.Op("mul", "Mul", {mm, s});
  b.Fetch(mul, "y");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldChannelScale(b.graph()).ok());

  ASSERT_EQ(b.graph().fetches()[0].value.node, mm);
  EXPECT_EQ(b.graph().FindNode("mul"), nullptr);
  const ir::Tensor* scaled = mm->input_constant(1);
  ASSERT_NE(scaled, nullptr);
  // Column j of W times s[j].
  const float want[] = {10, 200, 3000, 40, 500, 6000};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(scaled->data<float>()[i], want[i]) << i;
}

TEST(FoldChannelScaleTest, TransposedWeightsScaleRows) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 2});
  ir::Node* w = b.Const<float>("w", {1, 2, 3, 4}, {2, 2});  // [N=2, K=2]
  ir::Node* mm = b.Op("mm", "MatMul", {x, w}, {{"transpose_b", true}});
  ir::Node* s = b.Const<float>("s", {2, 3}, {2});
  b.Fetch(b.Op("mul", "Mul", {s, mm}));  // the constant may come first
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldChannelScale(b.graph()).ok());
  const float want[] = {2, 4, 9, 12};
  for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(mm->input_constant(1)->data<float>()[i], want[i]);
}

TEST(FoldChannelScaleTest, SharedProducerIsNotChanged) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 2});
  ir::Node* w = b.Const<float>("w", {1, 2, 3, 4}, {2, 2});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w});
  ir::Node* s = b.Const<float>("s", {2, 3}, {2});
  b.Fetch(b.Op("mul", "Mul", {mm, s}));
  b.Fetch(mm, "raw");  // the unscaled product is needed too
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldChannelScale(b.graph()).ok());
  EXPECT_EQ(mm->input_constant(1)->data<float>()[1], 2.0f);
  EXPECT_NE(b.graph().FindNode("mul"), nullptr);
}

}  // namespace
}  // namespace tfaot::passes
