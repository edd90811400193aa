#include "compiler/import/import_graph.h"

#include "compiler/ir/printer.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

tensorflow::GraphDef Graph(const std::string& text) {
  tensorflow::GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &g)) << text;
  return g;
}

tensorflow::tf2xla::Config Config(const std::string& text) {
  tensorflow::tf2xla::Config c;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &c)) << text;
  return c;
}

bool Contains(const absl::Status& s, const std::string& text) {
  return std::string(s.message()).find(text) != std::string::npos;
}

// input: f32[?,4] placeholder; c: a float constant; out = input + c.
const char* kGraph = R"pb(
  node {
    name: "input"
    op: "Placeholder"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { dim { size: -1 } dim { size: 4 } } } }
  }
  node {
    name: "c"
    op: "Const"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 4 } } float_val: 1 } } }
  }
  node { name: "out" op: "AddV2" input: "input" input: "c" input: "^c"
         attr { key: "T" value { type: DT_FLOAT } } }
  node { name: "unrelated" op: "SaveV2" }
  versions { producer: 27 }
)pb";

TEST(ImportGraphTest, FeedsFetchesAndOnlyTheNeededNodes) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "input" } shape { dim { size: 2 } dim { size: 4 } } }
    fetch { id { node_name: "out" } name: "sum" }
  )pb"));
  ASSERT_TRUE(g.ok()) << g.status();
  ir::Graph& graph = **g;
  EXPECT_EQ(graph.FindNode("unrelated"), nullptr);  // SaveV2 is not needed: no error
  ASSERT_EQ(graph.feeds().size(), 1u);
  EXPECT_EQ(graph.feeds()[0].name, "input");
  EXPECT_EQ(graph.feeds()[0].tensor_name, "input:0");
  EXPECT_EQ(graph.feeds()[0].node->op(), "Placeholder");
  auto shape = graph.feeds()[0].node->GetShape("shape");
  ASSERT_TRUE(shape.ok());
  EXPECT_EQ(shape->dims, (std::vector<int64_t>{2, 4}));
  ASSERT_EQ(graph.fetches().size(), 1u);
  EXPECT_EQ(graph.fetches()[0].name, "sum");
  ir::Node* out = graph.FindNode("out");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->num_inputs(), 2);  // the control input is dropped
}

TEST(ImportGraphTest, FeedOnAConstBecomesARunTimeInput) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "input" } shape { dim { size: 1 } dim { size: 4 } } }
    feed { id { node_name: "c" } }
    fetch { id { node_name: "out" } }
  )pb"));
  ASSERT_TRUE(g.ok()) << g.status();
  ir::Graph& graph = **g;
  ASSERT_EQ(graph.feeds().size(), 2u);
  const ir::Feed& feed = graph.feeds()[1];
  EXPECT_EQ(feed.name, "c");
  EXPECT_EQ(feed.node->op(), "Placeholder");
  EXPECT_EQ(*feed.node->GetType("dtype"), ir::DType::kFloat);
  EXPECT_EQ(feed.node->GetShape("shape")->dims, (std::vector<int64_t>{4}));  // from the Const
  ir::Node* out = graph.FindNode("out");
  EXPECT_EQ(out->inputs()[1].node, feed.node);
  // The Const itself is not needed any more.
  for (const auto& n : graph.nodes()) EXPECT_NE(n->op(), "Const") << n->name();
}

TEST(ImportGraphTest, MissingFeedNodeSuggestsNearNames) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "inptu" } shape { dim { size: 1 } dim { size: 4 } } }
    fetch { id { node_name: "out" } }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(g.status().message(),
            "a feed names node 'inptu', which is not in the graph; did you mean 'input'?");
}

TEST(ImportGraphTest, MissingFetchNodeSuggestsNearNames) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "input" } shape { dim { size: 1 } dim { size: 4 } } }
    fetch { id { node_name: "outt" } }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status(), "a fetch names node 'outt'")) << g.status();
  EXPECT_TRUE(Contains(g.status(), "did you mean 'out'")) << g.status();
}

TEST(ImportGraphTest, SimilarNamesRanksByEditDistance) {
  EXPECT_EQ(SimilarNames("dense/Relu", {"dense/Relu6", "dense/relu", "logits", "dense/Relu_1"}),
            (std::vector<std::string>{"'dense/Relu6'", "'dense/relu'", "'dense/Relu_1'"}));
  EXPECT_TRUE(SimilarNames("zzzzzzzz", {"input", "out"}).empty());
}

TEST(ImportGraphTest, UnknownDimensionWithoutConfigShapeNamesTheShapeField) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "input" } }
    fetch { id { node_name: "out" } }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(g.status(), "feed 'input' (input:0)")) << g.status();
  EXPECT_TRUE(Contains(g.status(), "[?,4]")) << g.status();
  EXPECT_TRUE(Contains(g.status(), "`shape { dim { size: N } ... }`")) << g.status();
}

TEST(ImportGraphTest, ConfigShapeMustMatchTheGraph) {
  auto g = ImportGraph(Graph(kGraph), Config(R"pb(
    feed { id { node_name: "input" } shape { dim { size: 2 } dim { size: 5 } } }
    fetch { id { node_name: "out" } }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status(), "does not match the graph's [?,4]")) << g.status();
}

const char* kScalarPlaceholder = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { } } }
  }
  node { name: "y" op: "Neg" input: "x" attr { key: "T" value { type: DT_FLOAT } } }
  versions { producer: %d }
)pb";

std::string WithProducer(int producer) {
  char buf[1024];
  std::snprintf(buf, sizeof(buf), kScalarPlaceholder, producer);
  return buf;
}

TEST(ImportGraphTest, EmptyShapeIsAScalarFromProducer21) {
  auto g = ImportGraph(Graph(WithProducer(27)), Config(R"pb(
    feed { id { node_name: "x" } }
    fetch { id { node_name: "y" } }
  )pb"));
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_TRUE((*g)->feeds()[0].node->GetShape("shape")->dims.empty());
  EXPECT_FALSE((*g)->feeds()[0].node->GetShape("shape")->unknown_rank);
}

TEST(ImportGraphTest, EmptyShapeMeansUnknownBeforeProducer21) {
  auto cfg = Config(R"pb(
    feed { id { node_name: "x" } }
    fetch { id { node_name: "y" } }
  )pb");
  auto g = ImportGraph(Graph(WithProducer(19)), cfg);
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status(), "no static shape")) << g.status();
  // With a shape in the config, any shape is accepted (TF 0.12 half_plus_two: [3]).
  auto ok = ImportGraph(Graph(WithProducer(19)), Config(R"pb(
    feed { id { node_name: "x" } shape { dim { size: 3 } } }
    fetch { id { node_name: "y" } }
  )pb"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->feeds()[0].node->GetShape("shape")->dims, (std::vector<int64_t>{3}));
}

TEST(ImportGraphTest, UnfedPlaceholderIsAnError) {
  auto g = ImportGraph(Graph(WithProducer(27)), Config(R"pb(
    fetch { id { node_name: "y" } }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(g.status(), "node 'x' (Placeholder) is needed by the fetches but is not fed"))
      << g.status();
}

TEST(ImportGraphTest, FeedAndFetchNamesMustDiffer) {
  auto g = ImportGraph(Graph(WithProducer(27)), Config(R"pb(
    feed { id { node_name: "x" } name: "v" }
    fetch { id { node_name: "y" } name: "v" }
  )pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status(), "a feed and a fetch are both named 'v'")) << g.status();
}

TEST(ImportGraphTest, ConfigErrors) {
  auto no_fetch = ImportGraph(Graph(WithProducer(27)), Config("feed { id { node_name: \"x\" } }"));
  ASSERT_FALSE(no_fetch.ok());
  EXPECT_TRUE(Contains(no_fetch.status(), "no fetch")) << no_fetch.status();
  auto wrong_type = ImportGraph(Graph(WithProducer(27)), Config(R"pb(
    feed { id { node_name: "x" } type: DT_INT32 }
    fetch { id { node_name: "y" } }
  )pb"));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_TRUE(Contains(wrong_type.status(), "the config's type int32 differs from the graph's float"))
      << wrong_type.status();
  auto twice = ImportGraph(Graph(WithProducer(27)), Config(R"pb(
    feed { id { node_name: "x" } name: "a" }
    feed { id { node_name: "x" } name: "b" }
    fetch { id { node_name: "y" } }
  )pb"));
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(Contains(twice.status(), "fed twice")) << twice.status();
}

TEST(ImportGraphTest, DanglingInputAndDuplicateNodeAreErrors) {
  auto dangling = ImportGraph(Graph(R"pb(
    node { name: "y" op: "Neg" input: "nowhere" }
  )pb"), Config("fetch { id { node_name: \"y\" } }"));
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.status().message(), "node 'y' reads 'nowhere', which is not in the graph");
  auto dup = ImportGraph(Graph(R"pb(
    node { name: "y" op: "NoOp" }
    node { name: "y" op: "NoOp" }
  )pb"), Config("fetch { id { node_name: \"y\" } }"));
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(Contains(dup.status(), "two nodes named 'y'")) << dup.status();
}

TEST(ImportGraphTest, CycleIsAnError) {
  auto g = ImportGraph(Graph(R"pb(
    node { name: "a" op: "Neg" input: "b" attr { key: "T" value { type: DT_FLOAT } } }
    node { name: "b" op: "Neg" input: "a" attr { key: "T" value { type: DT_FLOAT } } }
  )pb"), Config("fetch { id { node_name: \"a\" } }"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(g.status(), "cycle")) << g.status();
}

}  // namespace
}  // namespace tfaot::import
