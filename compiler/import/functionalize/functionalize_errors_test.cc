// Malformed control flow, written as GraphDef text: each is one clear error
// that names a node, never a crash.
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "compiler/import/functionalize/functionalize_test_graphs.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

using functionalize_test::CountingLoop;
using functionalize_test::G;
using functionalize_test::Import;
using functionalize_test::kTf2Library;
using functionalize_test::TensorArrayGraph;

const char kBoolScalar[] =
    "attr { key: \"dtype\" value { type: DT_BOOL } } attr { key: \"shape\" value { shape { } } }";

std::string ErrorOf(const G& g, const std::string& fetch, const std::vector<std::string>& feeds = {}) {
  auto graph = Import(g, fetch, feeds);
  EXPECT_FALSE(graph.ok());
  return graph.ok() ? "" : std::string(graph.status().message());
}

TEST(FunctionalizeErrorTest, MergeWithoutItsSwitch) {
  G g;
  g.Input("a").Input("b").N("m", "Merge", {"a", "b"});
  EXPECT_EQ(ErrorOf(g, "m", {"a", "b"}),
            "node 'm' (Merge): joins 'a' and 'b', neither of which comes from a Switch (a Merge "
            "without its Switch)");
}

// Found by the graphdef fuzzer (tests/fuzz/regressions/graphdef/switch_with_one_input):
// the loop rebuilder read a one-input Switch's predicate past its inputs.
TEST(FunctionalizeErrorTest, SwitchWithoutItsPredicate) {
  G g;
  g.Input("a").N("s", "Switch", {"a"});
  EXPECT_EQ(ErrorOf(g, "s", {"a"}),
            "node 's' (Switch): has 1 inputs but needs 2 (malformed control flow)");
}

TEST(FunctionalizeErrorTest, MergeOfTwoConditionals) {
  G g;
  g.Input("a");
  g.N("p", "Placeholder", {}, kBoolScalar).N("q", "Placeholder", {}, kBoolScalar);
  g.N("s1", "Switch", {"a", "p"}).N("s2", "Switch", {"a", "q"}).N("m", "Merge", {"s1", "s2:1"});
  std::string e = ErrorOf(g, "m", {"a", "p", "q"});
  EXPECT_NE(e.find("node 'm' (Merge): joins 's1', computed when 'p' is false, and 's2', computed "
                   "when 'q' is true, which are not the two branches of one conditional"),
            std::string::npos)
      << e;
}

TEST(FunctionalizeErrorTest, NodeReadingBothBranches) {
  G g;
  g.Input("a");
  g.N("p", "Placeholder", {}, kBoolScalar);
  g.N("s", "Switch", {"a", "p"}).N("both", "Add", {"s", "s:1"});
  EXPECT_NE(ErrorOf(g, "both", {"a", "p"}).find("node 'both' (Add): reads 's', computed when 'p' "
                                                "is false, and 's', computed when 'p' is true"),
            std::string::npos);
}

TEST(FunctionalizeErrorTest, NextIterationWithoutMerge) {
  G g = CountingLoop();
  g.N("w/NextIteration_2", "NextIteration", {"w/add"});
  g.N("w/sum", "Add", {"w/add", "w/NextIteration_2"});
  g.N("w/NextIteration", "NextIteration", {"w/sum"});  // replaces the first
  std::string text = absl::StrReplaceAll(
      g.text(), {{"node { name: \"w/NextIteration\" op: \"NextIteration\" input: \"w/add\"  }\n",
                  ""}});
  tensorflow::GraphDef graph_def;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph_def));
  tensorflow::tf2xla::Config config;
  config.add_feed()->mutable_id()->set_node_name("x");
  config.add_fetch()->mutable_id()->set_node_name("out");
  auto graph = ImportGraph(graph_def, config);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "node 'w/NextIteration_2' (NextIteration): is not read by a Merge of its loop "
            "(malformed while loop)");
}

TEST(FunctionalizeErrorTest, FrameWithoutLoopCond) {
  G g;
  g.Int("zero", 0).Enter("w/Enter", "zero", "w", false);
  g.N("w/Merge", "Merge", {"w/Enter", "w/NextIteration"});
  g.N("w/Switch", "Switch", {"w/Merge", "w/Merge"});
  g.N("w/Identity", "Identity", {"w/Switch:1"});
  g.N("w/NextIteration", "NextIteration", {"w/Identity"});
  g.N("w/Exit", "Exit", {"w/Switch"});
  EXPECT_EQ(ErrorOf(g, "w/Exit"),
            "loop frame 'w' has no LoopCond node (malformed while loop; first Enter: 'w/Enter')");
}

TEST(FunctionalizeErrorTest, FetchInsideTheLoopInsteadOfItsExit) {
  EXPECT_EQ(ErrorOf(CountingLoop(), "w/add_1", {"x"}),
            "fetch 'w_add_1' reads 'w/add_1', which is inside the loop frame 'w'; fetch the "
            "loop's Exit instead");
}

TEST(FunctionalizeErrorTest, LoopValueReadOutsideWithoutExit) {
  G g = CountingLoop();
  g.N("outside", "Add", {"w/add_1", "out"});
  std::string e = ErrorOf(g, "outside", {"x"});
  EXPECT_NE(e.find("node 'outside' (Add): reads 'w/add_1' from frame 'w' and 'out' from frame "
                   "'(top level)' (mismatched frames"),
            std::string::npos)
      << e;
}

TEST(FunctionalizeErrorTest, FrameEnteredFromTwoFrames) {
  G g = CountingLoop();
  // Loop "v" takes one value from inside loop "w" and one from after it.
  g.Enter("v/Enter", "w/add_1", "v", false).Enter("v/Enter_1", "w/Exit_1", "v", true);
  g.N("v/Merge", "Merge", {"v/Enter", "v/NextIteration"});
  g.N("v/Less", "Less", {"v/Merge", "v/Enter_1"});
  g.N("v/LoopCond", "LoopCond", {"v/Less"});
  g.N("v/Switch", "Switch", {"v/Merge", "v/LoopCond"});
  g.N("v/Identity", "Identity", {"v/Switch:1"});
  g.N("v/NextIteration", "NextIteration", {"v/Identity"});
  g.N("v/Exit", "Exit", {"v/Switch"});
  EXPECT_EQ(ErrorOf(g, "v/Exit", {"x"}),
            "node 'v/Enter_1' (Enter): enters loop frame 'v' from frame '(top level)', but other "
            "Enter nodes of the frame come from 'w' (mismatched frames)");
}

TEST(FunctionalizeErrorTest, ExitNotReadingALoopSwitch) {
  G g = CountingLoop();
  g.N("w/Exit_9", "Exit", {"w/add"});
  EXPECT_EQ(ErrorOf(g, "w/Exit_9", {"x"}),
            "node 'w/Exit_9' (Exit): does not read the false output of a loop Switch (malformed "
            "loop)");
}

TEST(FunctionalizeErrorTest, ExitOutsideAnyFrame) {
  G g;
  g.Input("a").N("e", "Exit", {"a"});
  EXPECT_EQ(ErrorOf(g, "e", {"a"}),
            "node 'e' (Exit): belongs to a while loop, but the graph has no Enter node (malformed "
            "loop)");
}

TEST(FunctionalizeErrorTest, CycleThatIsNotALoop) {
  G g;
  g.Input("a").N("b", "Add", {"a", "c"}).N("c", "Neg", {"b"});
  std::string e = ErrorOf(g, "c", {"a"});
  EXPECT_NE(e.find("cycle"), std::string::npos) << e;
}

TEST(FunctionalizeErrorTest, TensorArrayFlowWrittenTwice) {
  G g = TensorArrayGraph();
  g.N("write2", "TensorArrayWriteV3", {"ta", "i", "x", "ta:1"});
  g.N("both", "AddN", {"read", "write2"});
  std::string e = ErrorOf(g, "both", {"x"});
  EXPECT_NE(e.find("and 'write' both write the TensorArray flow 'ta' (the flow forks)"),
            std::string::npos)
      << e;
}

TEST(FunctionalizeErrorTest, FetchingATensorArrayFlow) {
  EXPECT_EQ(ErrorOf(TensorArrayGraph(), "write", {"x"}),
            "node 'write' (TensorArrayWriteV3): is fetched: its output is a TensorArray's flow, "
            "which has no value to return; fetch what a TensorArrayReadV3, GatherV3 or ConcatV3 "
            "reads from it");
}

TEST(FunctionalizeErrorTest, FunctionalWhileWithoutItsFunction) {
  G g;
  g.Input("x").Int("zero", 0);
  g.N("loop", "StatelessWhile", {"zero", "x"},
      "attr { key: \"T\" value { list { type: DT_INT32 type: DT_FLOAT } } } "
      "attr { key: \"cond\" value { func { name: \"nowhere\" } } } "
      "attr { key: \"body\" value { func { name: \"nowhere\" } } }");
  EXPECT_EQ(ErrorOf(g, "loop", {"x"}),
            "node 'loop/cond' calls function 'nowhere', which is not in the graph's function "
            "library");
}

TEST(FunctionalizeErrorTest, MergeOfThreeValues) {
  G g;
  g.Input("a").N("p", "Placeholder", {}, kBoolScalar);
  g.N("s", "Switch", {"a", "p"}).N("m", "Merge", {"s", "s:1", "a"});
  EXPECT_EQ(ErrorOf(g, "m", {"a", "p"}),
            "node 'm' (Merge): merges 3 values; a conditional's Merge joins two branches");
}

TEST(FunctionalizeErrorTest, ReadingAMergeValueIndex) {
  G g;
  g.Input("a").N("p", "Placeholder", {}, kBoolScalar);
  g.N("s", "Switch", {"a", "p"}).N("t", "Neg", {"s:1"}).N("m", "Merge", {"s", "t"});
  g.N("y", "Identity", {"m:1"});
  EXPECT_EQ(ErrorOf(g, "y", {"a", "p"}),
            "node 'y' (Identity): reads the value_index output of Merge 'm', which tfaotc does "
            "not support");
}

TEST(FunctionalizeErrorTest, SwitchWithoutItsMerge) {
  G g;
  g.Input("a").N("p", "Placeholder", {}, kBoolScalar);
  g.N("s", "Switch", {"a", "p"}).N("y", "Neg", {"s:1"});
  EXPECT_EQ(ErrorOf(g, "y", {"a", "p"}),
            "node 's' (Switch): is left over after rebuilding loops and conditionals (malformed "
            "control flow)");
}

TEST(FunctionalizeErrorTest, BranchOfOneConditionalReadInAnother) {
  G g;
  g.Input("a").N("p", "Placeholder", {}, kBoolScalar).N("q", "Placeholder", {}, kBoolScalar);
  g.N("s", "Switch", {"a", "p"}).N("s2", "Switch", {"a", "q"}).N("t", "Neg", {"s2:1"});
  g.N("m2", "Merge", {"s2", "t"}).N("u", "Add", {"s:1", "t"}).N("m", "Merge", {"s", "u"});
  EXPECT_EQ(ErrorOf(g, "m", {"a", "p", "q"}),
            "node 'u' (Add): reads 's', computed when 'p' is true, and 't', computed when 'q' is "
            "true; no conditional runs both (malformed Switch/Merge)");
}

// CountingLoop without its Exit: 'out' reads the body's value directly.
TEST(FunctionalizeErrorTest, FrameWithoutExit) {
  G g = CountingLoop();
  std::string text = absl::StrReplaceAll(
      g.text(), {{"node { name: \"w/Exit_1\" op: \"Exit\" input: \"w/Switch_1\"  }\n", ""},
                 {"input: \"w/Exit_1\"", "input: \"w/add_1\""}});
  tensorflow::GraphDef graph_def;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph_def));
  ASSERT_EQ(text.find("Exit"), std::string::npos);
  tensorflow::tf2xla::Config config;
  config.add_feed()->mutable_id()->set_node_name("x");
  config.add_fetch()->mutable_id()->set_node_name("out");
  auto graph = ImportGraph(graph_def, config);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "fetch 'out' reads 'out', which is inside the loop frame 'w'; fetch the loop's Exit "
            "instead");
}

TEST(FunctionalizeErrorTest, LoopMergeOfThreeInputs) {
  G g = CountingLoop();
  std::string text = absl::StrReplaceAll(
      g.text(), {{"input: \"w/Enter_1\" input: \"w/NextIteration_1\"",
                  "input: \"w/Enter_1\" input: \"w/NextIteration_1\" input: \"w/Enter_1\""}});
  tensorflow::GraphDef graph_def;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph_def));
  tensorflow::tf2xla::Config config;
  config.add_feed()->mutable_id()->set_node_name("x");
  config.add_fetch()->mutable_id()->set_node_name("out");
  auto graph = ImportGraph(graph_def, config);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "node 'w/Merge_1' (Merge): merges 3 inputs of loop frame 'w' but not one Enter and "
            "one NextIteration (malformed while loop)");
}

TEST(FunctionalizeErrorTest, SwitchOnTheLoopConditionWithoutAMerge) {
  G g = CountingLoop();
  g.N("w/Switch_9", "Switch", {"w/add_1", "w/LoopCond"}).N("w/Exit_9", "Exit", {"w/Switch_9"});
  g.N("both", "Add", {"out", "w/Exit_9"});
  EXPECT_EQ(ErrorOf(g, "both", {"x"}),
            "node 'w/Switch_9' (Switch): switches on the loop condition but does not read a loop "
            "Merge");
}

TEST(FunctionalizeErrorTest, LoopBodyReadingItsOwnExit) {
  G g = CountingLoop();
  g.N("w/again", "Add", {"w/add_1", "w/Exit_1"}).N("w/Exit_2", "Exit", {"w/again"});
  EXPECT_EQ(ErrorOf(g, "w/Exit_2", {"x"}),
            "node 'w/again' (Add): reads 'w/add_1' from frame 'w' and 'w/Exit_1' from frame "
            "'(top level)' (mismatched frames: a value enters a loop only through an Enter node)");
}

TEST(FunctionalizeErrorTest, FunctionalWhileWithoutItsTypes) {
  G g;
  g.Input("x").Int("zero", 0);
  g.N("loop", "StatelessWhile", {"zero", "x"},
      "attr { key: \"cond\" value { func { name: \"below\" } } } "
      "attr { key: \"body\" value { func { name: \"inner_body\" } } }");
  g.Raw(kTf2Library);
  EXPECT_EQ(ErrorOf(g, "loop", {"x"}), "node 'loop' (StatelessWhile) has no 'T' attribute");
}

TEST(FunctionalizeErrorTest, FunctionalWhileWithTooFewInputs) {
  G g;
  g.Input("x");
  g.N("loop", "StatelessWhile", {"x"},
      "attr { key: \"T\" value { list { type: DT_INT32 type: DT_FLOAT } } } "
      "attr { key: \"cond\" value { func { name: \"below\" } } } "
      "attr { key: \"body\" value { func { name: \"inner_body\" } } }");
  g.Raw(kTf2Library);
  EXPECT_EQ(ErrorOf(g, "loop", {"x"}),
            "node 'loop' (StatelessWhile) has 1 inputs for its T list of 2 or lacks its "
            "cond/body function");
}

TEST(FunctionalizeErrorTest, FunctionalIfWithoutItsBranches) {
  G g;
  g.Input("x").N("p", "Placeholder", {}, kBoolScalar);
  g.N("cond", "StatelessIf", {"p", "x"},
      "attr { key: \"Tin\" value { list { type: DT_FLOAT } } } "
      "attr { key: \"Tout\" value { list { type: DT_FLOAT } } }");
  EXPECT_EQ(ErrorOf(g, "cond", {"x", "p"}),
            "node 'cond' (StatelessIf) has 2 inputs for its predicate and Tin list of 1 or lacks "
            "its then/else function");
}

// A body that runs its own loop again: lowering would never end.
TEST(FunctionalizeErrorTest, RecursiveFunctionalWhile) {
  G g;
  g.Input("x").Int("zero", 0);
  g.N("loop", "StatelessWhile", {"zero", "x"},
      "attr { key: \"T\" value { list { type: DT_INT32 type: DT_FLOAT } } } "
      "attr { key: \"cond\" value { func { name: \"below\" } } } "
      "attr { key: \"body\" value { func { name: \"again\" } } }");
  g.Raw(absl::StrReplaceAll(kTf2Library, {{"name: \"outer_body\"", "name: \"again\""},
                                          {"func { name: \"inner_body\" }", "func { name: \"again\" }"}}));
  std::string e = ErrorOf(g, "loop", {"x"});
  EXPECT_NE(e.find("nest deeper than"), std::string::npos) << e;
  EXPECT_NE(e.find("(recursion?)"), std::string::npos) << e;
}

TEST(FunctionalizeErrorTest, FetchingATensorArrayHandle) {
  EXPECT_EQ(ErrorOf(TensorArrayGraph(), "ta", {"x"}),
            "node 'ta' (TensorArrayV3): is fetched: a TensorArray's handle and flow have no value "
            "to return; fetch what a TensorArrayReadV3, GatherV3 or ConcatV3 reads from it");
}

TEST(FunctionalizeErrorTest, TensorArrayOpWithTooFewInputs) {
  G g = TensorArrayGraph();
  g.N("short", "TensorArrayReadV3", {"ta", "i"}, "attr { key: \"dtype\" value { type: DT_FLOAT } }");
  EXPECT_EQ(ErrorOf(g, "short", {"x"}),
            "node 'short' (TensorArrayReadV3): has 2 inputs; TensorFlow's op has 3");
}

// CountingLoop with its GraphDef text edited: `edits` are (from, to) pairs.
std::string ErrorOfEdited(const G& g, const std::vector<std::pair<std::string, std::string>>& edits,
                          const std::string& fetch, const std::vector<std::string>& feeds) {
  std::string text = g.text();
  for (const auto& [from, to] : edits) {
    EXPECT_NE(text.find(from), std::string::npos) << from;
    text = absl::StrReplaceAll(text, {{from, to}});
  }
  tensorflow::GraphDef graph_def;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph_def));
  tensorflow::tf2xla::Config config;
  for (const std::string& f : feeds) config.add_feed()->mutable_id()->set_node_name(f);
  config.add_fetch()->mutable_id()->set_node_name(fetch);
  auto graph = ImportGraph(graph_def, config);
  EXPECT_FALSE(graph.ok());
  return graph.ok() ? "" : std::string(graph.status().message());
}

const char kAddOne[] = "input: \"w/Identity_1\" input: \"w/x\"";  // w/add_1's inputs

TEST(FunctionalizeErrorTest, ExitOfNoLoopBesideALoop) {
  G g = CountingLoop();
  g.N("e", "Exit", {"x"}).N("both", "Add", {"out", "e"});
  EXPECT_EQ(ErrorOf(g, "both", {"x"}),
            "node 'e' (Exit): is not inside a loop frame (its input comes from no Enter)");
}

TEST(FunctionalizeErrorTest, BodyReadingTheLoopExitSideOfASwitch) {
  EXPECT_EQ(ErrorOfEdited(CountingLoop(), {{kAddOne, "input: \"w/Identity_1\" input: \"w/Switch_1\""}},
                          "out", {"x"}),
            "node 'w/Switch_1' (Switch): its loop-exit output is read inside the loop (malformed "
            "loop)");
}

TEST(FunctionalizeErrorTest, BodyReadingALoopValuesEnter) {
  EXPECT_EQ(ErrorOfEdited(CountingLoop(), {{kAddOne, "input: \"w/Identity_1\" input: \"w/Enter_1\""}},
                          "out", {"x"}),
            "node 'w/Enter_1' (Enter): is read inside its loop where TensorFlow's loop structure "
            "does not allow it (malformed while loop)");
}

TEST(FunctionalizeErrorTest, EnterThatNoMergeReads) {
  G g = CountingLoop();
  g.Enter("w/Enter_2", "x", "w", false);
  EXPECT_EQ(ErrorOfEdited(g, {{kAddOne, "input: \"w/Identity_1\" input: \"w/Enter_2\""}}, "out",
                          {"x"}),
            "node 'w/Enter_2' (Enter): enters a loop value (is_constant=false) that no Merge reads "
            "(malformed while loop)");
}

// A sibling loop "z" (CountingLoop renamed) whose body value w's body reads
// directly: w/NextIteration_1 takes z/add_1 with no Enter into frame w.
TEST(FunctionalizeErrorTest, BodyReadingAnotherFramesValueWithoutAnEnter) {
  G g = CountingLoop();
  std::vector<std::string> lines = absl::StrSplit(
      absl::StrReplaceAll(CountingLoop().text(),
                          {{"w/", "z/"}, {"s: \"w\"", "s: \"z\""}, {"\"out\"", "\"z/out\""}}),
      '\n');
  for (const std::string& line : lines)
    if (line.find("z/") != std::string::npos) g.Raw(line + "\n");
  g.N("both", "Add", {"out", "z/out"});
  EXPECT_EQ(ErrorOfEdited(g, {{"op: \"NextIteration\" input: \"w/add_1\"",
                               "op: \"NextIteration\" input: \"z/add_1\""}},
                          "both", {"x"}),
            "node 'z/add_1' (Add): is read inside loop frame 'w' without an Enter (mismatched "
            "frames)");
}

TEST(FunctionalizeErrorTest, SecondLoopCondInOneFrame) {
  G g = CountingLoop();
  g.N("w/LoopCond_1", "LoopCond", {"w/Less"});
  std::string e = ErrorOfEdited(
      g, {{"op: \"Switch\" input: \"w/Merge_1\" input: \"w/LoopCond\"",
           "op: \"Switch\" input: \"w/Merge_1\" input: \"w/LoopCond_1\""}},
      "out", {"x"});
  EXPECT_NE(e.find("is a second LoopCond of loop frame 'w' (first: '"), std::string::npos) << e;
}

}  // namespace
}  // namespace tfaot::import
