// GraphDef text builders and graphs shared by the functionalize tests.
#ifndef TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_TEST_GRAPHS_H_
#define TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_TEST_GRAPHS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/import/import_graph.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import::functionalize_test {

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

inline absl::StatusOr<std::unique_ptr<ir::Graph>> Import(const G& g, const std::string& fetch,
                                                  const std::vector<std::string>& feeds = {}) {
  tensorflow::GraphDef graph;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(g.text(), &graph)) << g.text();
  tensorflow::tf2xla::Config config;
  for (const std::string& f : feeds) config.add_feed()->mutable_id()->set_node_name(f);
  config.add_fetch()->mutable_id()->set_node_name(fetch);
  return ImportGraph(graph, config);
}

// i = 0, acc = x; while i < 10: i, acc = i + 1, acc + x; the loop's frame is
// "w". Const w/one hangs on the body's Identity by a control edge.
inline G CountingLoop() {
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

// ta = TensorArray(2); ta = ta.write(0, x); ta.read(0): the flow carries the
// array, the handle goes.
inline G TensorArrayGraph() {
  G g;
  g.Input("x").Int("size", 2).Int("i", 0);
  g.N("ta", "TensorArrayV3", {"size"}, "attr { key: \"dtype\" value { type: DT_FLOAT } }");
  g.N("write", "TensorArrayWriteV3", {"ta", "i", "x", "ta:1"});
  g.N("read", "TensorArrayReadV3", {"ta", "i", "write"});
  return g;
}

// TF2: an outer StatelessWhile whose body runs an inner StatelessWhile and an
// If, all functions of the library.
inline constexpr char kTf2Library[] = R"pb(
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

}  // namespace tfaot::import::functionalize_test

#endif  // TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_FUNCTIONALIZE_TEST_GRAPHS_H_
