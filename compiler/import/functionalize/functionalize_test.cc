// Functionalize through ImportGraph: TensorFlow's dataflow loops and
// conditionals, written as GraphDef text the way TF1's python emits them,
// come out as While and If nodes; malformed control flow is an error that
// names a node.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "compiler/import/import_graph.h"
#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

// GraphDef text, one node per call.
class G {
 public:
  G& N(const std::string& name, const std::string& op, const std::vector<std::string>& inputs,
       const std::string& attrs = "") {
    text_ += absl::StrCat("node { name: \"", name, "\" op: \"", op, "\"");
    for (const std::string& in : inputs) absl::StrAppend(&text_, " input: \"", in, "\"");
    absl::StrAppend(&text_, " ", attrs, " }\n");
    return *this;
  }
  G& Int(const std::string& name, int v, const std::vector<std::string>& control = {}) {
    return N(name, "Const", control,
             absl::StrCat("attr { key: \"dtype\" value { type: DT_INT32 } } attr { key: \"value\" "
                          "value { tensor { dtype: DT_INT32 tensor_shape { } int_val: ",
                          v, " } } }"));
  }
  G& Float(const std::string& name, float v, const std::vector<std::string>& control = {}) {
    return N(name, "Const", control,
             absl::StrCat("attr { key: \"dtype\" value { type: DT_FLOAT } } attr { key: \"value\" "
                          "value { tensor { dtype: DT_FLOAT tensor_shape { } float_val: ",
                          v, " } } }"));
  }
  G& Input(const std::string& name) {
    return N(name, "Placeholder", {},
             "attr { key: \"dtype\" value { type: DT_FLOAT } } attr { key: \"shape\" value { "
             "shape { dim { size: 2 } } } }");
  }
  G& Enter(const std::string& name, const std::string& in, const std::string& frame,
           bool constant) {
    return N(name, "Enter", {in},
             absl::StrCat("attr { key: \"frame_name\" value { s: \"", frame,
                          "\" } } attr { key: \"is_constant\" value { b: ",
                          constant ? "true" : "false", " } }"));
  }
  G& Raw(const std::string& text) {
    text_ += text;
    return *this;
  }
  std::string text() const { return text_ + "versions { producer: 27 }\n"; }

 private:
  std::string text_;
};

absl::StatusOr<std::unique_ptr<ir::Graph>> Import(const G& g, const std::string& fetch,
                                                  const std::vector<std::string>& feeds = {}) {
  tensorflow::GraphDef graph;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(g.text(), &graph)) << g.text();
  tensorflow::tf2xla::Config config;
  for (const std::string& f : feeds) config.add_feed()->mutable_id()->set_node_name(f);
  config.add_fetch()->mutable_id()->set_node_name(fetch);
  return ImportGraph(graph, config);
}

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

// i = 0, acc = x; while i < 10: i, acc = i + 1, acc + x; the loop's frame is
// "w". Const w/one hangs on the body's Identity by a control edge.
G CountingLoop() {
  G g;
  g.Input("x").Int("zero", 0).Int("ten", 10);
  g.Enter("w/Enter", "zero", "w", false).Enter("w/Enter_1", "x", "w", false);
  g.Enter("w/n", "ten", "w", true).Enter("w/x", "x", "w", true);
  g.N("w/Merge", "Merge", {"w/Enter", "w/NextIteration"});
  g.N("w/Merge_1", "Merge", {"w/Enter_1", "w/NextIteration_1"});
  g.N("w/Less", "Less", {"w/Merge", "w/n"});
  g.N("w/LoopCond", "LoopCond", {"w/Less"});
  g.N("w/Switch", "Switch", {"w/Merge", "w/LoopCond"});
  g.N("w/Switch_1", "Switch", {"w/Merge_1", "w/LoopCond"});
  g.N("w/Identity", "Identity", {"w/Switch:1"});
  g.N("w/Identity_1", "Identity", {"w/Switch_1:1"});
  g.Int("w/one", 1, {"^w/Identity"});
  g.N("w/add", "Add", {"w/Identity", "w/one"});
  g.N("w/add_1", "Add", {"w/Identity_1", "w/x"});
  g.N("w/NextIteration", "NextIteration", {"w/add"});
  g.N("w/NextIteration_1", "NextIteration", {"w/add_1"});
  g.N("w/Exit_1", "Exit", {"w/Switch_1"});
  g.N("out", "Identity", {"w/Exit_1"});
  return g;
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

// ta = TensorArray(2); ta = ta.write(0, x); ta.read(0): the flow carries the
// array, the handle goes.
G TensorArrayGraph() {
  G g;
  g.Input("x").Int("size", 2).Int("i", 0);
  g.N("ta", "TensorArrayV3", {"size"}, "attr { key: \"dtype\" value { type: DT_FLOAT } }");
  g.N("write", "TensorArrayWriteV3", {"ta", "i", "x", "ta:1"});
  g.N("read", "TensorArrayReadV3", {"ta", "i", "write"});
  return g;
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

// TF2: an outer StatelessWhile whose body runs an inner StatelessWhile and an
// If, all functions of the library.
const char kTf2Library[] = R"pb(
  library {
    function {
      signature { name: "below" input_arg { name: "i" type: DT_INT32 }
                  input_arg { name: "v" type: DT_FLOAT } output_arg { name: "b" type: DT_BOOL } }
      node_def { name: "three" op: "Const" attr { key: "dtype" value { type: DT_INT32 } }
                 attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 3 } } } }
      node_def { name: "less" op: "Less" input: "i" input: "three:output:0" }
      ret { key: "b" value: "less:z:0" }
    }
    function {
      signature { name: "inner_body" input_arg { name: "i" type: DT_INT32 }
                  input_arg { name: "v" type: DT_FLOAT } output_arg { name: "i2" type: DT_INT32 }
                  output_arg { name: "v2" type: DT_FLOAT } }
      node_def { name: "one" op: "Const" attr { key: "dtype" value { type: DT_INT32 } }
                 attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 1 } } } }
      node_def { name: "add" op: "AddV2" input: "i" input: "one:output:0" }
      node_def { name: "neg" op: "Neg" input: "v" }
      ret { key: "i2" value: "add:z:0" }
      ret { key: "v2" value: "neg:y:0" }
    }
    function {
      signature { name: "outer_body" input_arg { name: "i" type: DT_INT32 }
                  input_arg { name: "v" type: DT_FLOAT } output_arg { name: "i2" type: DT_INT32 }
                  output_arg { name: "v2" type: DT_FLOAT } }
      node_def { name: "zero" op: "Const" attr { key: "dtype" value { type: DT_INT32 } }
                 attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 0 } } } }
      node_def { name: "inner" op: "StatelessWhile" input: "zero:output:0" input: "v"
                 attr { key: "T" value { list { type: DT_INT32 type: DT_FLOAT } } }
                 attr { key: "cond" value { func { name: "below" } } }
                 attr { key: "body" value { func { name: "inner_body" } } } }
      node_def { name: "one" op: "Const" attr { key: "dtype" value { type: DT_INT32 } }
                 attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { } int_val: 1 } } } }
      node_def { name: "add" op: "AddV2" input: "i" input: "one:output:0" }
      ret { key: "i2" value: "add:z:0" }
      ret { key: "v2" value: "inner:output:1" }
    }
  }
)pb";

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

// ---- Malformed control flow: one clear error naming a node ----

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
