#include "compiler/passes/fold_constants.h"

#include "compiler/ir/region.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/ir/verifier.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

TEST(FoldConstantsTest, AddOfTwoConstsBecomesOneConst) {
  GraphBuilder b;
  ir::Node* c1 = b.Const<float>("c1", {1.5f, -2.0f, 0.25f}, {3});
  ir::Node* c2 = b.Const<float>("c2", {10.0f, 20.0f, 0.5f}, {3});
  ir::Node* add = b.Op("add", "Add", {c1, c2});
  b.Fetch(add);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  // Hand arithmetic: 1.5+10 = 11.5, -2+20 = 18, 0.25+0.5 = 0.75 (all exact).
  ASSERT_EQ(b.graph().num_nodes(), 1);
  ir::Node* folded = b.graph().FindNode("add");
  ASSERT_NE(folded, nullptr);
  EXPECT_EQ(folded->op(), "Const");
  EXPECT_EQ(folded->num_inputs(), 0);
  const ir::Tensor* value = *folded->GetTensor("value");
  EXPECT_EQ(value->shape(), (ir::Shape{3}));
  EXPECT_EQ(value->data<float>()[0], 11.5f);
  EXPECT_EQ(value->data<float>()[1], 18.0f);
  EXPECT_EQ(value->data<float>()[2], 0.75f);
  EXPECT_TRUE(folded->output(0).constant->BitwiseEquals(*value));
  EXPECT_EQ(b.graph().fetches()[0].value.node, folded);
}

TEST(FoldConstantsTest, FoldsAChainAndBroadcasts) {
  GraphBuilder b;
  ir::Node* c1 = b.Const<int32_t>("c1", {1, 2, 3, 4, 5, 6}, {2, 3});
  ir::Node* c2 = b.Scalar<int32_t>("c2", 10);
  ir::Node* mul = b.Op("mul", "Mul", {c1, c2});
  ir::Node* neg = b.Op("neg", "Neg", {mul});
  b.Fetch(neg);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  ASSERT_EQ(b.graph().num_nodes(), 1);
  const ir::Tensor* value = *b.graph().FindNode("neg")->GetTensor("value");
  EXPECT_EQ(value->shape(), (ir::Shape{2, 3}));
  EXPECT_EQ(value->ToInt64Vector(), (std::vector<int64_t>{-10, -20, -30, -40, -50, -60}));
}

TEST(FoldConstantsTest, LeavesNodesThatDependOnFeeds) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* c1 = b.Const<float>("c1", {1, 2}, {2});
  ir::Node* c2 = b.Const<float>("c2", {3, 4}, {2});
  ir::Node* sum = b.Op("sum", "Add", {c1, c2});
  ir::Node* out = b.Op("out", "Mul", {x, sum});
  b.Fetch(out);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  EXPECT_EQ(out->op(), "Mul");
  EXPECT_EQ(sum->op(), "Const");
  EXPECT_EQ(sum->output(0).constant->ToInt64Vector(), (std::vector<int64_t>{4, 6}));
  // c1 and c2 are dead once sum is a constant.
  EXPECT_EQ(b.graph().FindNode("c1"), nullptr);
  EXPECT_EQ(b.graph().FindNode("c2"), nullptr);
  EXPECT_EQ(b.graph().num_nodes(), 3);
}

TEST(FoldConstantsTest, IntegerOverflowWrapsWhenFolded) {
  GraphBuilder b;
  ir::Node* big = b.Scalar<int32_t>("big", 2147483647);
  ir::Node* one = b.Scalar<int32_t>("one", 1);
  b.Fetch(b.Op("wrap", "Add", {big, one}));
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  EXPECT_EQ(b.graph().FindNode("wrap")->output(0).constant->data<int32_t>()[0],
            -2147483647 - 1);
}

// p ? -x : x * x with p a known constant (a training flag frozen to false,
// say) and x fed: the If is replaced by the else branch's nodes.
TEST(FoldConstantsTest, IfWithAKnownPredicateBecomesItsBranch) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {3});
  GraphBuilder then_region, else_region;
  then_region.Fetch(then_region.Op("neg", "Neg", {then_region.Arg("x")}));
  ir::Node* e = else_region.Arg("x");
  else_region.Fetch(else_region.Op("square", "Mul", {e, e}));
  ir::Node* node = b.Op("cond", ir::kIfOp, {b.Scalar<bool>("p", false), x});
  node->outputs().resize(1);
  node->AddRegion("then", then_region.Release());
  node->AddRegion("else", else_region.Release());
  b.Fetch(b.Op("out", "Exp", {node}));
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  ASSERT_TRUE(ir::VerifyGraph(b.graph()).ok());
  EXPECT_EQ(b.graph().FindNode("cond"), nullptr);
  EXPECT_EQ(b.graph().FindNode("neg"), nullptr);
  ir::Node* square = b.graph().FindNode("square");
  ASSERT_NE(square, nullptr);
  EXPECT_EQ(square->inputs()[0].node, x);
  EXPECT_EQ(square->inputs()[1].node, x);
  EXPECT_EQ(b.graph().FindNode("out")->inputs()[0].node, square);
}

}  // namespace
}  // namespace tfaot::passes
