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
