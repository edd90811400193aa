#include "compiler/passes/materialize_fetches.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

TEST(MaterializeFetchesTest, FetchOfAFeedGetsACopy) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {3});
  b.Fetch(x, "echo");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(MaterializeFetches(b.graph()).ok());
  const ir::Fetch& f = b.graph().fetches()[0];
  ASSERT_NE(f.value.node, x);
  EXPECT_EQ(f.value.node->op(), "Identity");
  EXPECT_EQ(f.value.node->name(), "echo_result");
  EXPECT_EQ(f.value.node->inputs()[0].node, x);
  EXPECT_EQ(f.value.node->output(0).shape, (ir::Shape{3}));
  EXPECT_EQ(f.value.node->output(0).dtype, DType::kFloat);
  EXPECT_EQ(f.tensor_name, "x:0");  // still reports what the config named
}

TEST(MaterializeFetchesTest, FetchOfAConstantGetsACopy) {
  GraphBuilder b;
  ir::Node* c = b.Const<float>("c", {7}, {1});
  b.Fetch(c);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(MaterializeFetches(b.graph()).ok());
  const ir::Node* copy = b.graph().fetches()[0].value.node;
  EXPECT_EQ(copy->op(), "Identity");
  EXPECT_EQ(copy->output(0).constant, nullptr);  // a run-time buffer
}

TEST(MaterializeFetchesTest, FetchOfAReshapedFeedGetsACopy) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3});
  ir::Node* shape = b.Const<int32_t>("shape", {6}, {1});
  ir::Node* r = b.Op("r", "Reshape", {x, shape});
  b.Fetch(r);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(MaterializeFetches(b.graph()).ok());
  const ir::Node* copy = b.graph().fetches()[0].value.node;
  EXPECT_EQ(copy->op(), "Identity");
  EXPECT_EQ(copy->inputs()[0].node, r);
  EXPECT_EQ(copy->output(0).shape, (ir::Shape{6}));
}

TEST(MaterializeFetchesTest, ComputedFetchIsLeftAlone) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* neg = b.Op("neg", "Neg", {x});
  b.Fetch(neg);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  int before = b.graph().num_nodes();
  ASSERT_TRUE(MaterializeFetches(b.graph()).ok());
  EXPECT_EQ(b.graph().num_nodes(), before);
  EXPECT_EQ(b.graph().fetches()[0].value.node, neg);
}

TEST(MaterializeFetchesTest, CopyNameDoesNotClash) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  b.Op("out_result", "Neg", {x});
  b.Fetch(x, "out");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(MaterializeFetches(b.graph()).ok());
  EXPECT_EQ(b.graph().fetches()[0].value.node->name(), "out_result_1");
}

}  // namespace
}  // namespace tfaot::passes
