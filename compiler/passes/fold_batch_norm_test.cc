#include "compiler/passes/fold_batch_norm.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;

TEST(FoldBatchNormTest, InferenceBatchNormBecomesScaleAndShift) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 2, 2, 2});
  // s = scale / sqrt(var + eps) = [4/2, 3/1] = [2, 3];
  // t = offset - mean * s = [1 - 0.5*2, 0 - 1*3] = [0, -3].
  ir::Node* scale = b.Const<float>("scale", {4, 3}, {2});
  ir::Node* offset = b.Const<float>("offset", {1, 0}, {2});
  ir::Node* mean = b.Const<float>("mean", {0.5f, 1}, {2});
  ir::Node* var = b.Const<float>("var", {3, 0}, {2});
  ir::Node* bn = b.Op("bn", "FusedBatchNormV3", {x, scale, offset, mean, var},
                      {{"epsilon", 1.0f}, {"is_training", false}, {"data_format", std::string("NHWC")}});
  b.Fetch(bn);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldBatchNorm(b.graph()).ok());

  ASSERT_EQ(bn->op(), "AddV2");
  ASSERT_EQ(bn->num_outputs(), 1);
  const ir::Tensor* shift = bn->input_constant(1);
  ASSERT_NE(shift, nullptr);
  EXPECT_EQ(shift->shape(), ir::Shape({2}));
  EXPECT_FLOAT_EQ(shift->data<float>()[0], 0.0f);
  EXPECT_FLOAT_EQ(shift->data<float>()[1], -3.0f);
  const ir::Node* mul = bn->inputs()[0].node;
  ASSERT_EQ(mul->op(), "Mul");
  EXPECT_EQ(mul->inputs()[0].node, x);
  const ir::Tensor* s = mul->input_constant(1);
  ASSERT_NE(s, nullptr);
  EXPECT_FLOAT_EQ(s->data<float>()[0], 2.0f);
  EXPECT_FLOAT_EQ(s->data<float>()[1], 3.0f);
}

TEST(FoldBatchNormTest, ChannelsFirstConstantsBroadcastAlongAxisOne) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {1, 2, 3, 3});
  ir::Node* one = b.Const<float>("one", {1, 1}, {2});
  ir::Node* zero = b.Const<float>("zero", {0, 0}, {2});
  ir::Node* bn = b.Op("bn", "FusedBatchNorm", {x, one, zero, zero, one},
                      {{"epsilon", 0.0f}, {"is_training", false}, {"data_format", std::string("NCHW")}});
  b.Fetch(bn);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldBatchNorm(b.graph()).ok());
  ASSERT_EQ(bn->op(), "AddV2");
  EXPECT_EQ(bn->input_constant(1)->shape(), ir::Shape({2, 1, 1}));
}

TEST(FoldBatchNormTest, TrainingModeIsLeftAlone) {
  ir::GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 1, 1, 2});
  ir::Node* one = b.Const<float>("one", {1, 1}, {2});
  ir::Node* zero = b.Const<float>("zero", {0, 0}, {2});
  ir::Node* bn = b.Op("bn", "FusedBatchNorm", {x, one, zero, zero, one},
                      {{"epsilon", 0.001f}, {"is_training", true}});
  b.Fetch(bn);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldBatchNorm(b.graph()).ok());
  EXPECT_EQ(bn->op(), "FusedBatchNorm");
}

}  // namespace
}  // namespace tfaot::passes
