#include "compiler/passes/loop_trip_counts.h"

#include "compiler/ir/region.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/ir/verifier.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

// i = init, acc = acc0; while i < limit [and acc < acc_limit]: i += 1, acc *= 2
ir::Node* Loop(GraphBuilder& b, ir::In init, ir::In limit, ir::In acc0,
               bool cond_reads_acc = false) {
  GraphBuilder cond;
  ir::Node* i = cond.Arg("i");
  ir::Node* acc = cond.Arg("acc");
  ir::Node* lim = cond.Arg("limit");
  ir::Node* less = cond.Op("less", "Less", {i, lim});
  if (cond_reads_acc) {
    ir::Node* big = cond.Op("big", "Less", {acc, cond.Scalar<float>("hundred", 100)});
    less = cond.Op("both", "LogicalAnd", {less, big});
  }
  cond.Fetch(less);
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* bacc = body.Arg("acc");
  body.Arg("limit");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)}));
  body.Fetch(body.Op("twice", "Mul", {bacc, body.Scalar<float>("two", 2)}));
  ir::Node* loop = b.Op("loop", ir::kWhileOp, {init, acc0, limit}, {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  return loop;
}

absl::Status InferAndCount(ir::Graph& g) {
  if (auto s = InferShapes(g); !s.ok()) return s;
  if (auto s = LoopTripCounts(g); !s.ok()) return s;
  return ir::VerifyGraph(g);
}

TEST(LoopTripCountsTest, ConstantBoundGivesAStaticCount) {
  GraphBuilder b;
  ir::Node* acc = b.Placeholder("acc", DType::kFloat, {3});
  ir::Node* loop =
      Loop(b, b.Scalar<int32_t>("zero", 0), b.Scalar<int32_t>("five", 5), acc);
  b.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferAndCount(b.graph()).ok());
  EXPECT_EQ(loop->GetIntOr("trip_count", -1), 5);
}

TEST(LoopTripCountsTest, StartingFromTheBoundRunsZeroTimesAndFoldsAway) {
  GraphBuilder b;
  ir::Node* acc = b.Placeholder("acc", DType::kFloat, {3});
  ir::Node* loop = Loop(b, b.Scalar<int32_t>("seven", 7), b.Scalar<int32_t>("five", 5), acc);
  b.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferAndCount(b.graph()).ok());
  EXPECT_EQ(b.graph().FindNode("loop"), nullptr);
  EXPECT_EQ(b.graph().fetches()[0].value.node, acc);  // the initial value
}

TEST(LoopTripCountsTest, FedStartLeavesTheCountToRunTime) {
  GraphBuilder b;
  ir::Node* acc = b.Placeholder("acc", DType::kFloat, {3});
  ir::Node* start = b.Placeholder("start", DType::kInt32, {});
  ir::Node* loop = Loop(b, start, b.Scalar<int32_t>("five", 5), acc);
  b.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferAndCount(b.graph()).ok());
  EXPECT_FALSE(loop->HasAttr("trip_count"));
}

TEST(LoopTripCountsTest, ConditionOnAFedValueLeavesTheCountToRunTime) {
  GraphBuilder b;
  ir::Node* acc = b.Placeholder("acc", DType::kFloat, {});
  ir::Node* loop = Loop(b, b.Scalar<int32_t>("zero", 0), b.Scalar<int32_t>("five", 5), acc,
                        /*cond_reads_acc=*/true);
  b.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferAndCount(b.graph()).ok());
  EXPECT_FALSE(loop->HasAttr("trip_count"));
}

TEST(LoopTripCountsTest, ConditionOnConstantValuesIsSimulatedThroughTheirUpdates) {
  GraphBuilder b;
  // acc starts at 1 and doubles: 1, 2, ..., 64 < 100, so 7 iterations (i < 50 holds).
  ir::Node* loop = Loop(b, b.Scalar<int32_t>("zero", 0), b.Scalar<int32_t>("fifty", 50),
                        b.Scalar<float>("one", 1), /*cond_reads_acc=*/true);
  ir::Node* x = b.Placeholder("x", DType::kFloat, {});
  b.Fetch(b.Op("out", "Mul", {ir::In(loop, 1), x}));
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  // Every input is constant: infer-shapes already ran the loop (1 * 2^7 = 128).
  ASSERT_NE(loop->output(1).constant, nullptr);
  EXPECT_EQ(loop->output(1).constant->data<float>()[0], 128.f);
  ASSERT_TRUE(LoopTripCounts(b.graph()).ok());
  EXPECT_EQ(loop->GetIntOr("trip_count", -1), 7);
}

}  // namespace
}  // namespace tfaot::passes
