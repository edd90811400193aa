// Functionalize through ImportGraph: TensorFlow's dataflow loops and
// conditionals, written as GraphDef text the way TF1's python emits them,
// come out as While and If nodes (malformed ones: functionalize_errors_test).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "compiler/import/functionalize/functionalize_test_graphs.h"
#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

using functionalize_test::CountingLoop;
using functionalize_test::G;
using functionalize_test::Import;
using functionalize_test::kTf2Library;
using functionalize_test::TensorArrayGraph;

// The IR as printed, without the types import has not inferred yet nor
// attributes other than the ones control flow adds.
std::string Structure(const ir::Graph& graph) {
  std::string text = ir::PrintGraph(graph);
  text = absl::StrReplaceAll(
      text, {{" : invalid[?], invalid[?]", ""}, {" : invalid[?]", ""}, {": invalid[?]", ""}});
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  for (std::string& line : lines) {
    size_t brace = line.find(" {");
    if (brace != std::string::npos && line.back() == '}' && line.find("carried") == std::string::npos)
      line = line.substr(0, brace);
  }
  return absl::StrJoin(lines, "\n");
}

TEST(FunctionalizeTest, WhileLoopBecomesAWhileNode) {
  auto graph = Import(CountingLoop(), "out", {"x"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(Structure(**graph),
            "feed x = %x\n"
            "%zero = Const()\n"
            "%ten = Const()\n"
            "%x = Placeholder()\n"  // the importer adds fed placeholders last
            "%w, %w:1 = While(%zero, %x, %ten, %x) {carried=2, frame_name=\"w\"}\n"
            "  cond(%w/Merge, %w/Merge_1, %w/n, %w/x) {\n"
            "    %w/Less = Less(%w/Merge, %w/n)\n"
            "    yield %w/Less\n"
            "  }\n"
            "  body(%w/Merge, %w/Merge_1, %w/n, %w/x) {\n"
            "    %w/Identity = Identity(%w/Merge)\n"
            "    %w/Identity_1 = Identity(%w/Merge_1)\n"
            "    %w/one = Const()\n"
            "    %w/add = Add(%w/Identity, %w/one)\n"
            "    %w/add_1 = Add(%w/Identity_1, %w/x)\n"
            "    yield %w/add, %w/add_1\n"
            "  }\n"
            "%out = Identity(%w:1)\n"
            "fetch out = %out\n");
  EXPECT_TRUE(ir::VerifyGraph(**graph).ok());
}

TEST(FunctionalizeTest, UnchangedLoopValueBecomesAnInvariantAndUnusedOnesGo) {
  G g = CountingLoop();
  // A third loop value the body hands back as it is, and a fourth nothing needs.
  g.Enter("w/Enter_2", "x", "w", false).Enter("w/Enter_3", "x", "w", false);
  g.N("w/Merge_2", "Merge", {"w/Enter_2", "w/NextIteration_2"});
  g.N("w/Merge_3", "Merge", {"w/Enter_3", "w/NextIteration_3"});
  g.N("w/Switch_2", "Switch", {"w/Merge_2", "w/LoopCond"});
  g.N("w/Switch_3", "Switch", {"w/Merge_3", "w/LoopCond"});
  g.N("w/Identity_2", "Identity", {"w/Switch_2:1"});
  g.N("w/Identity_3", "Identity", {"w/Switch_3:1"});
  g.N("w/NextIteration_2", "NextIteration", {"w/Identity_2"});
  g.N("w/neg", "Neg", {"w/Identity_3"});
  g.N("w/NextIteration_3", "NextIteration", {"w/neg"});
  g.N("w/Exit_2", "Exit", {"w/Switch_2"});
  g.N("w/Exit_3", "Exit", {"w/Switch_3"});
  g.N("both", "AddN", {"w/Exit_1", "w/Exit_2"});
  auto graph = Import(g, "both", {"x"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  std::string text = Structure(**graph);
  // Merge_2 passes through: the result is x itself; Merge_3 is read by nothing.
  EXPECT_NE(text.find("%w, %w:1 = While(%zero, %x, %ten, %x) {carried=2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("%both = AddN(%w:1, %x)"), std::string::npos) << text;
  EXPECT_EQ(text.find("Merge_3"), std::string::npos) << text;
  EXPECT_EQ(text.find("neg"), std::string::npos) << text;
}

// Inner loop j = 0..3 adding 1 to the outer loop's value each time.
TEST(FunctionalizeTest, NestedFramesBecomeNestedWhileNodes) {
  G g;
  g.Int("zero", 0).Int("three", 3);
  g.Enter("o/Enter", "zero", "o", false);
  g.N("o/Merge", "Merge", {"o/Enter", "o/NextIteration"});
  g.Int("o/limit", 2, {"^o/Merge"});
  g.N("o/Less", "Less", {"o/Merge", "o/limit"});
  g.N("o/LoopCond", "LoopCond", {"o/Less"});
  g.N("o/Switch", "Switch", {"o/Merge", "o/LoopCond"});
  g.N("o/Identity", "Identity", {"o/Switch:1"});
  g.Int("o/j0", 0, {"^o/Identity"});
  g.Enter("o/i/Enter", "o/j0", "o/i", false).Enter("o/i/Enter_1", "o/Identity", "o/i", false);
  g.Enter("o/i/three", "three", "o/i", true);
  g.N("o/i/Merge", "Merge", {"o/i/Enter", "o/i/NextIteration"});
  g.N("o/i/Merge_1", "Merge", {"o/i/Enter_1", "o/i/NextIteration_1"});
  g.N("o/i/Less", "Less", {"o/i/Merge", "o/i/three"});
  g.N("o/i/LoopCond", "LoopCond", {"o/i/Less"});
  g.N("o/i/Switch", "Switch", {"o/i/Merge", "o/i/LoopCond"});
  g.N("o/i/Switch_1", "Switch", {"o/i/Merge_1", "o/i/LoopCond"});
  g.N("o/i/Identity", "Identity", {"o/i/Switch:1"});
  g.N("o/i/Identity_1", "Identity", {"o/i/Switch_1:1"});
  g.Int("o/i/one", 1, {"^o/i/Identity"});
  g.N("o/i/add", "Add", {"o/i/Identity", "o/i/one"});
  g.N("o/i/add_1", "Add", {"o/i/Identity_1", "o/i/one"});
  g.N("o/i/NextIteration", "NextIteration", {"o/i/add"});
  g.N("o/i/NextIteration_1", "NextIteration", {"o/i/add_1"});
  g.N("o/i/Exit_1", "Exit", {"o/i/Switch_1"});
  g.N("o/NextIteration", "NextIteration", {"o/i/Exit_1"});
  g.N("o/Exit", "Exit", {"o/Switch"});
  auto graph = Import(g, "o/Exit");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(Structure(**graph),
            "%zero = Const()\n"
            "%o = While(%zero) {carried=1, frame_name=\"o\"}\n"
            "  cond(%o/Merge) {\n"
            "    %o/limit = Const()\n"
            "    %o/Less = Less(%o/Merge, %o/limit)\n"
            "    yield %o/Less\n"
            "  }\n"
            "  body(%o/Merge) {\n"
            "    %three = Const()\n"
            "    %o/Identity = Identity(%o/Merge)\n"
            "    %o/j0 = Const()\n"
            "    %o/i, %o/i:1 = While(%o/j0, %o/Identity, %three) {carried=2, frame_name=\"o/i\"}\n"
            "      cond(%o/i/Merge, %o/i/Merge_1, %o/i/three) {\n"
            "        %o/i/Less = Less(%o/i/Merge, %o/i/three)\n"
            "        yield %o/i/Less\n"
            "      }\n"
            "      body(%o/i/Merge, %o/i/Merge_1, %o/i/three) {\n"
            "        %o/i/Identity = Identity(%o/i/Merge)\n"
            "        %o/i/Identity_1 = Identity(%o/i/Merge_1)\n"
            "        %o/i/one = Const()\n"
            "        %o/i/add = Add(%o/i/Identity, %o/i/one)\n"
            "        %o/i/add_1 = Add(%o/i/Identity_1, %o/i/one)\n"
            "        yield %o/i/add, %o/i/add_1\n"
            "      }\n"
            "    yield %o/i:1\n"
            "  }\n"
            "fetch o_Exit = %o\n");
  EXPECT_TRUE(ir::VerifyGraph(**graph).ok());
}

// tf.cond(x_sum < y, lambda: x + c, lambda: x - c) with constants tied to
// the branches by control edges on switch_t / switch_f, as TF1 emits it.
G Cond() {
  G g;
  g.Input("x").N("y", "Placeholder", {},
                  "attr { key: \"dtype\" value { type: DT_FLOAT } } attr { key: \"shape\" "
                  "value { shape { } } }");
  g.Int("axis", 0).N("sum", "Sum", {"x", "axis"}).N("less", "Less", {"sum", "y"});
  g.N("cond/Switch", "Switch", {"less", "less"});
  g.N("cond/switch_t", "Identity", {"cond/Switch:1"});
  g.N("cond/switch_f", "Identity", {"cond/Switch"});
  g.N("cond/pred_id", "Identity", {"less"});
  g.N("cond/add/Switch", "Switch", {"x", "cond/pred_id"});
  g.Float("cond/c", 2, {"^cond/switch_t"});
  g.N("cond/add", "Add", {"cond/add/Switch:1", "cond/c"});
  g.N("cond/sub/Switch", "Switch", {"x", "cond/pred_id"});
  g.Float("cond/c_1", 3, {"^cond/switch_f"});
  g.N("cond/sub", "Sub", {"cond/sub/Switch", "cond/c_1"});
  g.N("cond/Merge", "Merge", {"cond/sub", "cond/add"});
  return g;
}

TEST(FunctionalizeTest, CondBecomesAnIfNode) {
  auto graph = Import(Cond(), "cond/Merge", {"x", "y"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(Structure(**graph),
            "feed x = %x\n"
            "feed y = %y\n"
            "%axis = Const()\n"
            "%x = Placeholder()\n"
            "%sum = Sum(%x, %axis)\n"
            "%y = Placeholder()\n"
            "%less = Less(%sum, %y)\n"
            "%cond = If(%less, %x)\n"
            "  then(%cond/add/Switch) {\n"
            "    %cond/c = Const()\n"
            "    %cond/add = Add(%cond/add/Switch, %cond/c)\n"
            "    yield %cond/add\n"
            "  }\n"
            "  else(%cond/add/Switch) {\n"
            "    %cond/c_1 = Const()\n"
            "    %cond/sub = Sub(%cond/add/Switch, %cond/c_1)\n"
            "    yield %cond/sub\n"
            "  }\n"
            "fetch cond_Merge = %cond\n");
  EXPECT_TRUE(ir::VerifyGraph(**graph).ok());
}

TEST(FunctionalizeTest, ConstantBranchesAreTellApartByTheirControlEdges) {
  G g;
  g.N("p", "Placeholder", {}, "attr { key: \"dtype\" value { type: DT_BOOL } } attr { key: "
                              "\"shape\" value { shape { } } }");
  g.N("cond/Switch", "Switch", {"p", "p"});
  g.N("cond/switch_t", "Identity", {"cond/Switch:1"});
  g.N("cond/switch_f", "Identity", {"cond/Switch"});
  g.Float("cond/one", 1, {"^cond/switch_t"}).Float("cond/two", 2, {"^cond/switch_f"});
  g.N("cond/Merge", "Merge", {"cond/two", "cond/one"});
  auto graph = Import(g, "cond/Merge", {"p"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(Structure(**graph),
            "feed p = %p\n"
            "%p = Placeholder()\n"
            "%cond = If(%p)\n"
            "  then() {\n"
            "    %cond/one = Const()\n"
            "    yield %cond/one\n"
            "  }\n"
            "  else() {\n"
            "    %cond/two = Const()\n"
            "    yield %cond/two\n"
            "  }\n"
            "fetch cond_Merge = %cond\n");
}

TEST(FunctionalizeTest, CondInsideALoopBody) {
  G g = CountingLoop();
  // acc + x becomes: i < 5 ? acc + x : acc - x.
  g.Int("w/five", 5, {"^w/Identity"});
  g.N("w/c/less", "Less", {"w/Identity", "w/five"});
  g.N("w/c/pred_id", "Identity", {"w/c/less"});
  g.N("w/c/Switch", "Switch", {"w/Identity_1", "w/c/pred_id"});
  g.N("w/c/Switch_1", "Switch", {"w/x", "w/c/pred_id"});
  g.N("w/c/add", "Add", {"w/c/Switch:1", "w/c/Switch_1:1"});
  g.N("w/c/sub", "Sub", {"w/c/Switch", "w/c/Switch_1"});
  g.N("w/c/Merge", "Merge", {"w/c/sub", "w/c/add"});
  std::string text = g.text();
  text = absl::StrReplaceAll(text, {{"name: \"w/NextIteration_1\" op: \"NextIteration\" input: "
                                     "\"w/add_1\"",
                                     "name: \"w/NextIteration_1\" op: \"NextIteration\" input: "
                                     "\"w/c/Merge\""}});
  tensorflow::GraphDef graph_def;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph_def));
  tensorflow::tf2xla::Config config;
  config.add_feed()->mutable_id()->set_node_name("x");
  config.add_fetch()->mutable_id()->set_node_name("out");
  auto graph = ImportGraph(graph_def, config);
  ASSERT_TRUE(graph.ok()) << graph.status();
  std::string s = Structure(**graph);
  EXPECT_NE(s.find("    %w/c = If(%w/c/less, %w/Identity_1, %w/x)\n"
                   "      then(%w/c/Switch, %w/c/Switch_1) {\n"
                   "        %w/c/add = Add(%w/c/Switch, %w/c/Switch_1)\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("    yield %w/add, %w/c\n"), std::string::npos) << s;
  EXPECT_TRUE(ir::VerifyGraph(**graph).ok());
}

TEST(FunctionalizeTest, TensorArrayFlowBecomesTheArray) {
  auto graph = Import(TensorArrayGraph(), "read", {"x"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(Structure(**graph),
            "feed x = %x\n"
            "%size = Const()\n"
            "%i = Const()\n"
            "%ta = TensorArrayV3(%size)\n"
            "%x = Placeholder()\n"
            "%write = TensorArrayWriteV3(%ta, %i, %x)\n"
            "%read = TensorArrayReadV3(%write, %i)\n"
            "fetch read = %read\n");
}

TEST(FunctionalizeTest, NestedFunctionalWhileLoops) {
  G g;
  g.Input("x").Int("zero", 0);
  g.N("outer", "StatelessWhile", {"zero", "x"},
      "attr { key: \"T\" value { list { type: DT_INT32 type: DT_FLOAT } } } "
      "attr { key: \"cond\" value { func { name: \"below\" } } } "
      "attr { key: \"body\" value { func { name: \"outer_body\" } } }");
  g.N("out", "Identity", {"outer:1"});
  g.Raw(kTf2Library);
  auto graph = Import(g, "out", {"x"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  std::string s = Structure(**graph);
  EXPECT_NE(s.find("%outer_1, %outer_1:1 = While(%zero, %x) {carried=2, frame_name=\"outer\"}"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("    %outer/body/inner_1, %outer/body/inner_1:1 = While(%outer/body/zero, "
                   "%outer/Identity_1) {carried=2, frame_name=\"outer/body/inner\"}"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("        %outer/body/inner/body/neg = Neg(%outer/body/inner/Identity_1)"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("StatelessWhile"), std::string::npos) << s;
  EXPECT_TRUE(ir::VerifyGraph(**graph).ok());
}

}  // namespace
}  // namespace tfaot::import
