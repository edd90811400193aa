// The region nodes' reference evaluators (how constant folding and
// `tfaotc run --reference` compute loops and conditionals), on hand-worked
// examples.

#include "compiler/ir/region.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/control/region_eval.h"
#include "compiler/ops/op_def.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::DType;
using ir::GraphBuilder;
using ir::Tensor;

// Shape rules of a region whose block arguments are typed (the pass's job).
void InferRegion(ir::Graph& region) {
  for (const auto& node : region.nodes()) {
    if (node->op() == ir::kArgOp) continue;
    const OpDef* op = FindOp(node->op());
    ASSERT_NE(op, nullptr) << node->op();
    ASSERT_TRUE(op->infer(*node).ok()) << node->name();
  }
}

// i, acc = i0, acc0; while i < limit: i, acc = i + step, acc * 3
std::unique_ptr<ir::Graph> Build(int32_t step) {
  GraphBuilder b;
  b.Scalar<int32_t>("i0", 0);
  GraphBuilder cond;
  ir::Node* ci = cond.Arg("i");
  cond.Arg("acc");
  ir::Node* limit = cond.Arg("limit");
  cond.Fetch(cond.Op("less", "Less", {ci, limit}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* acc = body.Arg("acc");
  body.Arg("limit");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("step", step)}));
  body.Fetch(body.Op("times3", "Mul", {acc, body.Scalar<float>("three", 3)}));
  ir::Node* loop = b.Op("loop", ir::kWhileOp,
                        {b.graph().FindNode("i0"), b.Scalar<float>("acc0", 1),
                         b.Scalar<int32_t>("limit", 5)},
                        {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  ir::Graph* c = loop->AddRegion("cond", cond.Release());
  ir::Graph* d = loop->AddRegion("body", body.Release());
  for (ir::Graph* r : {c, d}) {
    r->feeds()[0].node->SetOutput(0, DType::kInt32, {});
    r->feeds()[1].node->SetOutput(0, DType::kFloat, {});
    r->feeds()[2].node->SetOutput(0, DType::kInt32, {});
    InferRegion(*r);
  }
  return b.Release();
}

TEST(WhileEvalTest, RunsTheLoopToItsEnd) {
  auto g = Build(1);
  ir::Node* loop = g->FindNode("loop");
  const OpDef* op = FindOp("While");
  ASSERT_TRUE(op->infer(*loop).ok());
  EXPECT_EQ(loop->output(1).dtype, DType::kFloat);
  Tensor i0 = Tensor::Scalar<int32_t>(0), acc0 = Tensor::Scalar<float>(1);
  Tensor limit = Tensor::Scalar<int32_t>(5);
  std::vector<Tensor> out;
  ASSERT_TRUE(op->eval(*loop, {&i0, &acc0, &limit}, out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].data<int32_t>()[0], 5);
  EXPECT_EQ(out[1].data<float>()[0], 243.f);  // 3^5
  limit = Tensor::Scalar<int32_t>(0);  // false at once: the initial values
  ASSERT_TRUE(op->eval(*loop, {&i0, &acc0, &limit}, out).ok());
  EXPECT_EQ(out[0].data<int32_t>()[0], 0);
  EXPECT_EQ(out[1].data<float>()[0], 1.f);
}

TEST(WhileEvalTest, LoopThatNeverEndsIsAnError) {
  auto g = Build(0);  // i never moves
  ir::Node* loop = g->FindNode("loop");
  const OpDef* op = FindOp("While");
  ASSERT_TRUE(op->infer(*loop).ok());
  Tensor i0 = Tensor::Scalar<int32_t>(0), acc0 = Tensor::Scalar<float>(0);
  Tensor limit = Tensor::Scalar<int32_t>(5);
  std::vector<Tensor> out;
  absl::Status s = op->eval(*loop, {&i0, &acc0, &limit}, out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'loop' (While): the loop did not end within 1048576 iterations when run at "
            "compile time (all its inputs are constants); TensorFlow would not end it either");
}

TEST(RegionEvalTest, ComputesOnlyWhatTheAskedYieldsNeed) {
  auto g = Build(1);
  const ir::Graph& body = g->FindNode("loop")->region(ir::kBodyRegion);
  Tensor i = Tensor::Scalar<int32_t>(41);
  // acc is unknown, but yield 0 (i + 1) does not read it.
  auto next = EvaluateRegion(body, {&i, nullptr, nullptr}, {0});
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ((*next)[0].data<int32_t>()[0], 42);
  auto both = EvaluateRegion(body, {&i, nullptr, nullptr});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(),
            "block argument 'acc' of region 'body' is not known at compile time");
}

TEST(IfEvalTest, RunsTheBranchThePredicateChooses) {
  GraphBuilder b;
  GraphBuilder then_region, else_region;
  ir::Node* t = then_region.Arg("x");
  then_region.Fetch(then_region.Op("neg", "Neg", {t}));
  ir::Node* e = else_region.Arg("x");
  else_region.Fetch(else_region.Op("sq", "Mul", {e, e}));
  ir::Node* node = b.Op("cond", ir::kIfOp,
                        {b.Scalar<int32_t>("p", 0), b.Scalar<float>("x", 3)});
  node->outputs().resize(1);
  for (GraphBuilder* r : {&then_region, &else_region}) {
    r->graph().feeds()[0].node->SetOutput(0, DType::kFloat, {});
    InferRegion(r->graph());
  }
  node->AddRegion("then", then_region.Release());
  node->AddRegion("else", else_region.Release());
  ASSERT_TRUE(FindOp("Const")->infer(*b.graph().FindNode("p")).ok());
  ASSERT_TRUE(FindOp("Const")->infer(*b.graph().FindNode("x")).ok());
  const OpDef* op = FindOp("If");
  ASSERT_TRUE(op->infer(*node).ok());
  Tensor x = Tensor::Scalar<float>(3);
  std::vector<Tensor> out;
  for (auto [pred, want] : {std::pair<int32_t, float>{0, 9}, {1, -3}, {-7, -3}}) {
    Tensor p = Tensor::Scalar<int32_t>(pred);  // a number: nonzero is true
    ASSERT_TRUE(op->eval(*node, {&p, &x}, out).ok());
    EXPECT_EQ(out[0].data<float>()[0], want) << "predicate " << pred;
  }
}

}  // namespace
}  // namespace tfaot::ops
