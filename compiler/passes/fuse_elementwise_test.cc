#include "compiler/passes/fuse_elementwise.h"

#include "compiler/ir/printer.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

std::vector<std::string> StepOps(const ir::Node& n) {
  std::vector<std::string> ops;
  for (const ir::FusedStep& s : n.fused_steps()) ops.push_back(s.op);
  return ops;
}

int CountOp(const ir::Graph& g, const std::string& op) {
  int n = 0;
  for (const auto& node : g.nodes()) n += node->op() == op;
  return n;
}

TEST(FuseElementwiseTest, MulAddReluChainBecomesOneFusedNodeWithThreeSteps) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {4, 8});
  ir::Node* y = b.Placeholder("y", DType::kFloat, {4, 8});
  ir::Node* c = b.Placeholder("c", DType::kFloat, {4, 8});
  ir::Node* mul = b.Op("mul", "Mul", {x, y});
  ir::Node* add = b.Op("add", "Add", {mul, c});
  ir::Node* relu = b.Op("relu", "Relu", {add});
  b.Fetch(relu);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  EXPECT_EQ(CountOp(b.graph(), "Fused"), 1);
  EXPECT_EQ(b.graph().num_nodes(), 4);  // x, y, c, the fused relu
  EXPECT_EQ(b.graph().FindNode("mul"), nullptr);
  EXPECT_EQ(b.graph().FindNode("add"), nullptr);
  ASSERT_EQ(relu->op(), "Fused");
  EXPECT_EQ(StepOps(*relu), (std::vector<std::string>{"Mul", "Add", "Relu"}));
  EXPECT_EQ(relu->fused_steps()[0].node_name, "mul");
  EXPECT_EQ(relu->fused_steps()[2].node_name, "relu");
  // Leaves in first-use order; steps refer to leaves (>= 0) and steps (~i).
  ASSERT_EQ(relu->num_inputs(), 3);
  EXPECT_EQ(relu->inputs()[0].node, x);
  EXPECT_EQ(relu->inputs()[1].node, y);
  EXPECT_EQ(relu->inputs()[2].node, c);
  EXPECT_EQ(relu->fused_steps()[0].operands, (std::vector<int>{0, 1}));
  EXPECT_EQ(relu->fused_steps()[1].operands, (std::vector<int>{~0, 2}));
  EXPECT_EQ(relu->fused_steps()[2].operands, (std::vector<int>{~1}));
  EXPECT_EQ(b.graph().fetches()[0].value.node, relu);
  EXPECT_NE(ir::PrintGraph(b.graph()).find("[s0=Mul(in0,in1); s1=Add(s0,in2); s2=Relu(s1)]"),
            std::string::npos)
      << ir::PrintGraph(b.graph());
}

// 200 chained Negs: loops of at most 64 steps (64 + 64 + 64 + 8), and a
// chain of 100000 would not overflow the stack either.
TEST(FuseElementwiseTest, LongChainsSplitIntoLoopsOfAtMost64Steps) {
  GraphBuilder b;
  ir::Node* prev = b.Placeholder("x", DType::kFloat, {8});
  for (int i = 0; i < 200; ++i) prev = b.Op("neg_" + std::to_string(i), "Neg", {prev});
  b.Fetch(prev);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  EXPECT_EQ(CountOp(b.graph(), "Fused"), 4);
  size_t steps = 0;
  for (const auto& node : b.graph().nodes()) {
    if (node->op() != "Fused") continue;
    EXPECT_LE(node->fused_steps().size(), 64u) << node->name();
    steps += node->fused_steps().size();
  }
  EXPECT_EQ(steps, 200u);
}

TEST(FuseElementwiseTest, ValueWithTwoConsumersIsNotAbsorbed) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {8});
  ir::Node* shared = b.Op("shared", "Neg", {x});
  ir::Node* e = b.Op("e", "Exp", {shared});
  ir::Node* t = b.Op("t", "Tanh", {shared});
  b.Fetch(e);
  b.Fetch(t);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  EXPECT_EQ(CountOp(b.graph(), "Fused"), 3);
  EXPECT_EQ(StepOps(*shared), (std::vector<std::string>{"Neg"}));
  EXPECT_EQ(StepOps(*e), (std::vector<std::string>{"Exp"}));
  EXPECT_EQ(e->inputs()[0].node, shared);
  EXPECT_EQ(t->inputs()[0].node, shared);
}

TEST(FuseElementwiseTest, FetchedIntermediateIsNotAbsorbed) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {8});
  ir::Node* mid = b.Op("mid", "Neg", {x});
  ir::Node* out = b.Op("out", "Exp", {mid});
  b.Fetch(out);
  b.Fetch(mid);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  EXPECT_EQ(CountOp(b.graph(), "Fused"), 2);
  EXPECT_EQ(out->inputs()[0].node, mid);
}

TEST(FuseElementwiseTest, BroadcastOperandsStayLeavesAndSmallProducersAreNotRecomputed) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3});
  ir::Node* row = b.Placeholder("row", DType::kFloat, {3});
  ir::Node* s = b.Placeholder("s", DType::kFloat, {});
  ir::Node* row_neg = b.Op("row_neg", "Neg", {row});  // [3]: would be recomputed per row
  ir::Node* s_neg = b.Op("s_neg", "Neg", {s});        // scalar: cheap, absorbed
  ir::Node* add = b.Op("add", "Add", {x, row_neg});
  ir::Node* mul = b.Op("mul", "Mul", {add, s_neg});
  b.Fetch(mul);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  ASSERT_EQ(mul->op(), "Fused");
  EXPECT_EQ(StepOps(*mul), (std::vector<std::string>{"Add", "Neg", "Mul"}));
  ASSERT_EQ(mul->num_inputs(), 3);
  EXPECT_EQ(mul->inputs()[0].node, x);
  EXPECT_EQ(mul->inputs()[1].node, row_neg);  // a leaf of shape [3], broadcast
  EXPECT_EQ(mul->inputs()[2].node, s);
  EXPECT_EQ(mul->input_value(1).shape, (ir::Shape{3}));
  ASSERT_EQ(row_neg->op(), "Fused");
  EXPECT_EQ(StepOps(*row_neg), (std::vector<std::string>{"Neg"}));
  EXPECT_EQ(b.graph().FindNode("s_neg"), nullptr);
}

TEST(FuseElementwiseTest, KernelsBreakChains) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 2});
  ir::Node* w = b.Const<float>("w", {1, 2, 3, 4}, {2, 2});
  ir::Node* pre = b.Op("pre", "Neg", {x});
  ir::Node* mm = b.Op("mm", "MatMul", {pre, w});
  ir::Node* post = b.Op("post", "Relu", {mm});
  b.Fetch(post);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  EXPECT_EQ(mm->op(), "MatMul");
  EXPECT_EQ(pre->op(), "Fused");
  EXPECT_EQ(post->op(), "Fused");
  EXPECT_EQ(post->inputs()[0].node, mm);
}

TEST(FuseElementwiseTest, ConstantOperandsAreLeavesAndCastKeepsItsDtypes) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kInt32, {4});
  ir::Node* cast = b.Op("cast", "Cast", {x}, {{"DstT", DType::kFloat}, {"SrcT", DType::kInt32}});
  ir::Node* half = b.Scalar<float>("half", 0.5f);
  ir::Node* mul = b.Op("mul", "Mul", {cast, half});
  b.Fetch(mul);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FuseElementwise(b.graph()).ok());
  ASSERT_EQ(mul->op(), "Fused");
  EXPECT_EQ(StepOps(*mul), (std::vector<std::string>{"Cast", "Mul"}));
  EXPECT_EQ(mul->fused_steps()[0].dtype, DType::kFloat);
  EXPECT_EQ(mul->fused_steps()[0].operand_dtypes, (std::vector<DType>{DType::kInt32}));
  EXPECT_EQ(mul->inputs()[1].node, half);
}

}  // namespace
}  // namespace tfaot::passes
