#include "compiler/ir/region.h"

#include <vector>

#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "gtest/gtest.h"

namespace tfaot::ir {
namespace {

Node* Typed(Node* node, DType dtype, Shape shape) {
  node->SetOutput(0, dtype, std::move(shape));
  return node;
}

// i, acc = 0, x; while i < n: i, acc = i + 1, acc * acc
struct Loop {
  Graph graph;
  Node* loop = nullptr;
  Node* x = nullptr;
};

void BuildLoop(Loop& l) {
  Graph& g = l.graph;
  l.x = Typed(g.AddNode("x", "Placeholder"), DType::kFloat, {2});
  g.feeds().push_back({"x", "x:0", l.x});
  Node* zero = Typed(g.AddNode("zero", "Const"), DType::kInt32, {});
  Node* n = Typed(g.AddNode("n", "Const"), DType::kInt32, {});
  Node* loop = g.AddNode("loop", kWhileOp);
  loop->inputs() = {{zero, 0}, {l.x, 0}, {n, 0}};
  loop->attrs()["carried"] = int64_t{2};
  loop->SetOutput(0, DType::kInt32, {});
  loop->SetOutput(1, DType::kFloat, {2});
  auto cond = std::make_unique<Graph>();
  Node* ci = Typed(AddArg(*cond, "i"), DType::kInt32, {});
  Typed(AddArg(*cond, "acc"), DType::kFloat, {2});
  Node* cn = Typed(AddArg(*cond, "n"), DType::kInt32, {});
  Node* less = Typed(cond->AddNode("less", "Less"), DType::kBool, {});
  less->inputs() = {{ci, 0}, {cn, 0}};
  cond->fetches().push_back({"less", "less:0", {less, 0}});
  auto body = std::make_unique<Graph>();
  Node* bi = Typed(AddArg(*body, "i"), DType::kInt32, {});
  Node* bacc = Typed(AddArg(*body, "acc"), DType::kFloat, {2});
  Typed(AddArg(*body, "n"), DType::kInt32, {});
  Node* one = Typed(body->AddNode("one", "Const"), DType::kInt32, {});
  Node* next = Typed(body->AddNode("next", "AddV2"), DType::kInt32, {});
  next->inputs() = {{bi, 0}, {one, 0}};
  Node* square = Typed(body->AddNode("square", "Mul"), DType::kFloat, {2});
  square->inputs() = {{bacc, 0}, {bacc, 0}};
  body->fetches().push_back({"next", "next:0", {next, 0}});
  body->fetches().push_back({"square", "square:0", {square, 0}});
  loop->AddRegion("cond", std::move(cond));
  loop->AddRegion("body", std::move(body));
  g.fetches().push_back({"out", "loop:1", {loop, 1}});
  l.loop = loop;
}

TEST(RegionTest, PrintsRegionsWithArgumentsAndYields) {
  Loop l;
  BuildLoop(l);
  EXPECT_EQ(PrintGraph(l.graph),
            "feed x = %x\n"
            "%x = Placeholder() : f32[2]\n"
            "%zero = Const() : i32[]\n"
            "%n = Const() : i32[]\n"
            "%loop, %loop:1 = While(%zero, %x, %n) {carried=2} : i32[], f32[2]\n"
            "  cond(%i: i32[], %acc: f32[2], %n: i32[]) {\n"
            "    %less = Less(%i, %n) : bool[]\n"
            "    yield %less\n"
            "  }\n"
            "  body(%i: i32[], %acc: f32[2], %n: i32[]) {\n"
            "    %one = Const() : i32[]\n"
            "    %next = AddV2(%i, %one) : i32[]\n"
            "    %square = Mul(%acc, %acc) : f32[2]\n"
            "    yield %next, %square\n"
            "  }\n"
            "fetch out = %loop:1\n");
  EXPECT_TRUE(VerifyGraph(l.graph).ok()) << VerifyGraph(l.graph).message();
}

TEST(RegionTest, ForEachGraphVisitsOuterGraphsFirst) {
  Loop l;
  BuildLoop(l);
  std::vector<std::string> seen;
  ASSERT_TRUE(ForEachGraph(l.graph, [&](Graph& g) {
                seen.push_back(g.owner() ? g.label() : "top");
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"top", "cond", "body"}));
  EXPECT_EQ(l.graph.nodes()[3]->region(kBodyRegion).owner(), l.loop);
}

TEST(RegionTest, CloneIsDeepAndPrintsTheSame) {
  Loop l;
  BuildLoop(l);
  std::unique_ptr<Graph> copy = CloneGraph(l.graph);
  EXPECT_EQ(PrintGraph(*copy), PrintGraph(l.graph));
  Node* loop = copy->FindNode("loop");
  ASSERT_NE(loop, l.loop);
  EXPECT_EQ(loop->region(kCondRegion).owner(), loop);
  EXPECT_NE(&loop->region(kCondRegion), &l.loop->region(kCondRegion));
  EXPECT_TRUE(VerifyGraph(*copy).ok());
}

TEST(RegionTest, VerifierRejectsAReadAcrossTheRegionBoundary) {
  Loop l;
  BuildLoop(l);
  Graph& body = l.loop->region(kBodyRegion);
  body.FindNode("square")->inputs()[1] = {l.x, 0};  // the outer x, not an operand
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("input 1 of node 'square' (Mul) is not defined before it in the same graph"),
            std::string::npos)
      << s.message();
}

TEST(RegionTest, VerifierRejectsWrongYieldCount) {
  Loop l;
  BuildLoop(l);
  l.loop->region(kBodyRegion).fetches().pop_back();
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("region 'body' of node 'loop' (While) yields 1 values, expected 2"),
            std::string::npos)
      << s.message();
}

TEST(RegionTest, VerifierRejectsACarriedValueChangingType) {
  Loop l;
  BuildLoop(l);
  l.loop->region(kBodyRegion).FindNode("square")->SetOutput(0, DType::kFloat, {4});
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("yields f32[4] as result 1, which is f32[2]"), std::string::npos)
      << s.message();
}

TEST(RegionTest, VerifierRejectsAnInvariantOfTheWrongType) {
  Loop l;
  BuildLoop(l);
  l.loop->region(kCondRegion).feeds()[2].node->SetOutput(0, DType::kInt64, {});
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("block argument 2 of region 'cond' of node 'loop' (While) is i64[] "
                             "but its operand is i32[]"),
            std::string::npos)
      << s.message();
}

TEST(RegionTest, VerifierRejectsANonBoolCondition) {
  Loop l;
  BuildLoop(l);
  l.loop->region(kCondRegion).FindNode("less")->SetOutput(0, DType::kInt32, {});
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("has a condition of type i32[], not bool[]"), std::string::npos)
      << s.message();
}

TEST(RegionTest, VerifierRejectsAnArgOutsideARegion) {
  Graph g;
  Typed(g.AddNode("a", kArgOp), DType::kFloat, {});
  absl::Status s = VerifyGraph(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is not a block argument"), std::string::npos) << s.message();
}

TEST(RegionTest, VerifierRejectsArgumentCountMismatch) {
  Loop l;
  BuildLoop(l);
  l.loop->inputs().pop_back();  // n is gone, the regions still take it
  absl::Status s = VerifyGraph(l.graph);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("has 3 block arguments for 2 operands"), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace tfaot::ir
