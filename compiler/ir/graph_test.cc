#include "compiler/ir/graph.h"

#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "gtest/gtest.h"

namespace tfaot::ir {
namespace {

TEST(GraphTest, TopologicalSortOrdersProducersFirstAndKeepsSortedOrder) {
  Graph g;
  Node* add = g.AddNode("add", "Add");
  Node* x = g.AddNode("x", "Placeholder");
  Node* y = g.AddNode("y", "Placeholder");
  x->SetOutput(0, DType::kFloat, {2});
  y->SetOutput(0, DType::kFloat, {2});
  add->SetOutput(0, DType::kFloat, {2});
  add->inputs() = {{x, 0}, {y, 0}};
  ASSERT_TRUE(g.TopologicalSort().ok());
  ASSERT_EQ(g.nodes()[0]->name(), "x");
  ASSERT_EQ(g.nodes()[1]->name(), "y");
  ASSERT_EQ(g.nodes()[2]->name(), "add");
  EXPECT_TRUE(VerifyGraph(g).ok());
}

TEST(GraphTest, CycleIsAnErrorNamingANode) {
  Graph g;
  Node* a = g.AddNode("a", "Neg");
  Node* b = g.AddNode("b", "Neg");
  a->SetOutput(0, DType::kFloat, {});
  b->SetOutput(0, DType::kFloat, {});
  a->inputs() = {{b, 0}};
  b->inputs() = {{a, 0}};
  absl::Status status = g.TopologicalSort();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("cycle"), std::string::npos);
  EXPECT_NE(status.message().find("node 'a'"), std::string::npos);
}

TEST(GraphTest, RemoveDeadNodesKeepsOnlyWhatFetchesNeed) {
  Graph g;
  Node* x = g.AddNode("x", "Placeholder");
  Node* unused = g.AddNode("unused", "Neg");
  Node* neg = g.AddNode("neg", "Neg");
  x->SetOutput(0, DType::kFloat, {});
  unused->SetOutput(0, DType::kFloat, {});
  neg->SetOutput(0, DType::kFloat, {});
  unused->inputs() = {{x, 0}};
  neg->inputs() = {{x, 0}};
  g.fetches().push_back({"out", "neg:0", {neg, 0}});
  g.RemoveDeadNodes();
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(g.FindNode("unused"), nullptr);
  EXPECT_EQ(PrintGraph(g),
            "%x = Placeholder() : f32[]\n%neg = Neg(%x) : f32[]\nfetch out = %neg\n");
}

TEST(GraphTest, UniqueNameAppendsACounter) {
  Graph g;
  g.AddNode("a", "NoOp");
  g.AddNode("a_1", "NoOp");
  EXPECT_EQ(g.UniqueName("b"), "b");
  EXPECT_EQ(g.UniqueName("a"), "a_2");
}

TEST(GraphTest, MissingAttributeNamesTheNode) {
  Graph g;
  Node* n = g.AddNode("mm", "MatMul");
  auto v = n->GetBool("transpose_a");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "node 'mm' (MatMul): missing attribute 'transpose_a'");
  EXPECT_FALSE(n->GetBoolOr("transpose_a", false));
}

}  // namespace
}  // namespace tfaot::ir
