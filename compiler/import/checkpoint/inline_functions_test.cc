#include "compiler/import/checkpoint/inline_functions.h"

#include "absl/strings/match.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

GraphDef Parse(const std::string& text) {
  GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &g));
  return g;
}

const NodeDef* Find(const GraphDef& g, const std::string& name) {
  for (const auto& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

std::vector<std::string> Inputs(const GraphDef& g, const std::string& name) {
  const NodeDef* n = Find(g, name);
  EXPECT_NE(n, nullptr) << name;
  if (n == nullptr) return {};
  return {n->input().begin(), n->input().end()};
}

// F(a: float) -> out = a * 2, written as TF writes function bodies.
constexpr char kTimesTwo[] = R"pb(
  function {
    signature {
      name: "times_two"
      input_arg { name: "a" type: DT_FLOAT }
      output_arg { name: "out" type: DT_FLOAT }
    }
    node_def {
      name: "two"
      op: "Const"
      attr { key: "dtype" value { type: DT_FLOAT } }
    }
    node_def { name: "m" op: "Mul" input: "a" input: "two:output:0" }
    ret { key: "out" value: "m:z:0" }
  })pb";

TEST(InlineFunctionsTest, SingleOutputCallBecomesBodyPlusIdentity) {
  GraphDef g = Parse(std::string(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "ctl" op: "Placeholder" }
    node {
      name: "c"
      op: "PartitionedCall"
      input: "x"
      input: "^ctl"
      attr { key: "f" value { func { name: "times_two" } } }
    }
    node { name: "y" op: "Neg" input: "c" }
    library {)pb") + kTimesTwo + "}");
  ASSERT_TRUE(InlineFunctionCalls(&g, {"y"}).ok());
  EXPECT_EQ(Inputs(g, "c/m"), (std::vector<std::string>{"x", "c/two"}));
  // The call's control input reaches the body node that reads no other.
  EXPECT_EQ(Inputs(g, "c/two"), (std::vector<std::string>{"^ctl"}));
  EXPECT_EQ(Find(g, "c")->op(), "Identity");
  EXPECT_EQ(Inputs(g, "c"), (std::vector<std::string>{"c/m"}));
  EXPECT_EQ(Find(g, "c")->attr().at("T").type(), tensorflow::DT_FLOAT);
  EXPECT_EQ(Inputs(g, "y"), (std::vector<std::string>{"c"}));
  EXPECT_FALSE(g.has_library());
}

TEST(InlineFunctionsTest, MultiOutputArgsAndCallOutputsAreResolved) {
  GraphDef g = Parse(R"pb(
    node { name: "x" op: "Placeholder" }
    node {
      name: "c"
      op: "StatefulPartitionedCall"
      input: "x"
      attr { key: "f" value { func { name: "uniq" } } }
    }
    node { name: "idx" op: "Neg" input: "c:1" }
    node { name: "vals" op: "Neg" input: "c" }
    library {
      function {
        signature {
          name: "uniq"
          input_arg { name: "a" type: DT_FLOAT }
          output_arg { name: "values" type: DT_FLOAT }
          output_arg { name: "index" type: DT_INT32 }
        }
        node_def { name: "u" op: "Unique" input: "a" }
        ret { key: "values" value: "u:y:0" }
        ret { key: "index" value: "u:idx:0" }
      }
    })pb");
  ASSERT_TRUE(InlineFunctionCalls(&g, {"idx", "vals"}).ok());
  // Unique's outputs are (y, idx): "u:idx:0" is flat output 1.
  EXPECT_EQ(Inputs(g, "idx"), (std::vector<std::string>{"c/u:1"}));
  EXPECT_EQ(Inputs(g, "vals"), (std::vector<std::string>{"c/u"}));
  EXPECT_EQ(Find(g, "c")->op(), "IdentityN");
  EXPECT_EQ(Inputs(g, "c"), (std::vector<std::string>{"c/u", "c/u:1"}));
}

TEST(InlineFunctionsTest, ListOutputArgsUseAttrsForOffsets) {
  // Split's single list output: "s:output:2" is flat output 2.
  GraphDef g = Parse(R"pb(
    node { name: "x" op: "Placeholder" }
    node {
      name: "c"
      op: "PartitionedCall"
      input: "x"
      attr { key: "f" value { func { name: "third" } } }
    }
    library {
      function {
        signature {
          name: "third"
          input_arg { name: "a" type: DT_FLOAT }
          output_arg { name: "o" type: DT_FLOAT }
        }
        node_def {
          name: "s"
          op: "Split"
          input: "a"
          attr { key: "num_split" value { i: 3 } }
        }
        ret { key: "o" value: "s:output:2" }
      }
    })pb");
  ASSERT_TRUE(InlineFunctionCalls(&g, {"c"}).ok());
  EXPECT_EQ(Inputs(g, "c"), (std::vector<std::string>{"c/s:2"}));
}

TEST(InlineFunctionsTest, NestedCallsAndAttrPlaceholders) {
  GraphDef g = Parse(std::string(R"pb(
    node { name: "x" op: "Placeholder" }
    node {
      name: "outer"
      op: "StatefulPartitionedCall"
      input: "x"
      attr {
        key: "f"
        value {
          func {
            name: "wrap"
            attr { key: "T" value { type: DT_FLOAT } }
          }
        }
      }
    }
    library {
      function {
        signature {
          name: "wrap"
          input_arg { name: "a" type_attr: "T" }
          output_arg { name: "r" type_attr: "T" }
          attr { name: "T" type: "type" }
        }
        node_def {
          name: "id"
          op: "Identity"
          input: "a"
          attr { key: "T" value { placeholder: "T" } }
        }
        node_def {
          name: "inner"
          op: "PartitionedCall"
          input: "id:output:0"
          attr { key: "f" value { func { name: "times_two" } } }
        }
        ret { key: "r" value: "inner:output:0" }
      })pb") + kTimesTwo + "}");
  ASSERT_TRUE(InlineFunctionCalls(&g, {"outer"}).ok());
  EXPECT_EQ(Find(g, "outer/id")->attr().at("T").type(), tensorflow::DT_FLOAT);
  EXPECT_EQ(Inputs(g, "outer/inner/m"),
            (std::vector<std::string>{"outer/id", "outer/inner/two"}));
  EXPECT_EQ(Inputs(g, "outer"), (std::vector<std::string>{"outer/inner"}));
  for (const auto& n : g.node()) EXPECT_FALSE(IsCallOp(n.op())) << n.name();
}

TEST(InlineFunctionsTest, OnlyCallsInTheConeAreInlined) {
  GraphDef g = Parse(std::string(R"pb(
    node { name: "x" op: "Placeholder" }
    node {
      name: "used"
      op: "PartitionedCall"
      input: "x"
      attr { key: "f" value { func { name: "times_two" } } }
    }
    node {
      name: "unused"
      op: "PartitionedCall"
      input: "x"
      attr { key: "f" value { func { name: "times_two" } } }
    }
    library {)pb") + kTimesTwo + "}");
  ASSERT_TRUE(InlineFunctionCalls(&g, {"used"}).ok());
  EXPECT_EQ(Find(g, "used")->op(), "Identity");
  EXPECT_EQ(Find(g, "unused")->op(), "PartitionedCall");
  EXPECT_EQ(g.library().function_size(), 1);  // still called by "unused"
}

TEST(InlineFunctionsTest, UnknownOpWithSeveralOutputArgsIsAnError) {
  GraphDef g = Parse(R"pb(
    node { name: "x" op: "Placeholder" }
    node {
      name: "c"
      op: "PartitionedCall"
      input: "x"
      attr { key: "f" value { func { name: "f" } } }
    }
    library {
      function {
        signature {
          name: "f"
          input_arg { name: "a" type: DT_FLOAT }
          output_arg { name: "p" type: DT_FLOAT }
          output_arg { name: "q" type: DT_FLOAT }
        }
        node_def { name: "w" op: "WeirdTwoOutputs" input: "a" }
        ret { key: "p" value: "w:first:0" }
        ret { key: "q" value: "w:second:0" }
      }
    })pb");
  absl::Status s = InlineFunctionCalls(&g, {"c"});
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "WeirdTwoOutputs")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "op_output_args.cc")) << s;
}

TEST(InlineFunctionsTest, MissingFunctionNamesNodeAndFunction) {
  GraphDef g = Parse(R"pb(
    node {
      name: "c"
      op: "PartitionedCall"
      attr { key: "f" value { func { name: "nowhere" } } }
    })pb");
  absl::Status s = InlineFunctionCalls(&g, {"c"});
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "'c'")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "'nowhere'")) << s;
}

}  // namespace
}  // namespace tfaot::checkpoint
