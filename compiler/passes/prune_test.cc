#include "compiler/passes/prune.h"

#include "compiler/ir/printer.h"
#include "compiler/ir/test_graph_builder.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

TEST(PruneTest, BypassesPassThroughOpsAndDropsThem) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* id = b.Op("id", "Identity", {x});
  ir::Node* sg = b.Op("sg", "StopGradient", {id});
  ir::Node* neg = b.Op("neg", "Neg", {sg});
  b.Fetch(neg);
  ASSERT_TRUE(Prune(b.graph()).ok());
  EXPECT_EQ(b.graph().num_nodes(), 2);
  EXPECT_EQ(b.graph().FindNode("id"), nullptr);
  EXPECT_EQ(b.graph().FindNode("sg"), nullptr);
  ASSERT_EQ(neg->num_inputs(), 1);
  EXPECT_EQ(neg->inputs()[0].node, x);
}

TEST(PruneTest, FetchOfAnIdentityReadsItsInput) {
  GraphBuilder b;
  ir::Node* c = b.Const<float>("c", {1, 2}, {2});
  ir::Node* read = b.Op("c/read", "Identity", {c});
  b.Fetch(read, "out");
  ASSERT_TRUE(Prune(b.graph()).ok());
  ASSERT_EQ(b.graph().fetches().size(), 1u);
  EXPECT_EQ(b.graph().fetches()[0].value.node, c);
  EXPECT_EQ(b.graph().fetches()[0].name, "out");
  EXPECT_EQ(b.graph().num_nodes(), 1);
}

// Chains of pass-through ops (IdentityN outputs too) forward to the first
// real producer, for every reader and the fetch.
TEST(PruneTest, LongPassThroughChainsForwardToTheirSource) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* y = b.Placeholder("y", DType::kFloat, {2});
  ir::Node* pair = b.Op("pair", "IdentityN", {x, y});
  ir::In prev = ir::In(pair, 1);
  for (int i = 0; i < 5000; ++i) prev = b.Op("id" + std::to_string(i), "Identity", {prev});
  ir::Node* neg = b.Op("neg", "Neg", {prev});
  ir::Node* add = b.Op("add", "Add", {ir::In(pair, 0), prev});
  b.Fetch(prev, "last_identity");
  b.Fetch(neg);
  b.Fetch(add);
  ASSERT_TRUE(Prune(b.graph()).ok());
  EXPECT_EQ(b.graph().num_nodes(), 4);  // x, y, neg, add
  EXPECT_EQ(neg->inputs()[0].node, y);
  EXPECT_EQ(add->inputs()[0].node, x);
  EXPECT_EQ(add->inputs()[1].node, y);
  EXPECT_EQ(b.graph().fetches()[0].value.node, y);
}

TEST(PruneTest, RemovesWhatNoFetchNeedsButKeepsFeeds) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* unused_feed = b.Placeholder("unused_feed", DType::kFloat, {2});
  b.Op("dead", "Exp", {x});
  b.Op("dead2", "Neg", {unused_feed});
  ir::Node* live = b.Op("live", "Neg", {x});
  b.Fetch(live);
  ASSERT_TRUE(Prune(b.graph()).ok());
  EXPECT_EQ(b.graph().FindNode("dead"), nullptr);
  EXPECT_EQ(b.graph().FindNode("dead2"), nullptr);
  EXPECT_NE(b.graph().FindNode("unused_feed"), nullptr);  // the API keeps every feed
  EXPECT_EQ(b.graph().num_nodes(), 3);
}

TEST(PruneTest, SortsNodesTopologically) {
  GraphBuilder b;
  // Added consumer-first, as a GraphDef may list them.
  ir::Node* x = b.Placeholder("x", DType::kFloat, {});
  ir::Node* late = b.graph().AddNode("late", "Neg");
  ir::Node* early = b.Op("early", "Neg", {x});
  late->inputs().push_back({early, 0});
  b.Fetch(late);
  // "late" precedes "early" in the node list before sorting.
  ASSERT_EQ(b.graph().nodes()[1]->name(), "late");
  ASSERT_TRUE(Prune(b.graph()).ok());
  std::vector<std::string> order;
  for (const auto& n : b.graph().nodes()) order.push_back(n->name());
  EXPECT_EQ(order, (std::vector<std::string>{"x", "early", "late"}));
}

TEST(PruneTest, CycleIsAnError) {
  GraphBuilder b;
  ir::Node* a = b.graph().AddNode("a", "Neg");
  ir::Node* c = b.Op("c", "Neg", {a});
  a->inputs().push_back({c, 0});
  b.Fetch(c);
  absl::Status s = Prune(b.graph());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cycle"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfaot::passes
