// Freezing the real TensorFlow checkpoints and SavedModels of the shared
// corpus ($TFAOT_TFMODELS). Expected values come from the corpus itself
// (frozen graphs TensorFlow produced from the same checkpoints) or from the
// models' documented behaviour (half_plus_two: y = 0.5 * x + 2).
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/bundle_reader.h"
#include "compiler/import/checkpoint/freeze.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/inline_functions.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "compiler/import/checkpoint/test_util.h"
#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;
using testing::ConstFloats;
using testing::FindNode;
using testing::ReadGraphDef;
using Floats = std::vector<float>;

// Values of the Const that `node`'s input `i` reads, through Identities.
Floats ConstBehind(const GraphDef& g, const std::string& node, int i) {
  const NodeDef* n = FindNode(g, node);
  EXPECT_NE(n, nullptr) << node;
  if (n == nullptr || n->input_size() <= i) return {};
  std::string cur = NodeNameOfTensor(n->input(i));
  for (int hops = 0; hops < 10; ++hops) {
    const NodeDef* p = FindNode(g, cur);
    if (p == nullptr) return {};
    if (p->op() != "Identity") return ConstFloats(g, cur);
    cur = NodeNameOfTensor(p->input(0));
  }
  return {};
}

// name -> (op, data inputs) of every node.
std::map<std::string, std::pair<std::string, std::vector<std::string>>>
Structure(const GraphDef& g) {
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> s;
  for (const auto& n : g.node()) {
    s[n.name()] = {n.op(), {n.input().begin(), n.input().end()}};
  }
  return s;
}

void ExpectCleanFrozenGraph(const GraphDef& g, const std::string& what) {
  static const std::set<std::string> forbidden = {
      "Variable", "VariableV2", "VarHandleOp", "ReadVariableOp",
      "Assign", "AssignAdd", "AssignSub", "AssignVariableOp",
      "AssignAddVariableOp", "AssignSubVariableOp", "SaveV2", "Save",
      "RestoreV2", "Restore", "RestoreSlice", "MergeV2Checkpoints",
      "PartitionedCall", "StatefulPartitionedCall", "VarIsInitializedOp"};
  EXPECT_GT(g.node_size(), 0) << what;
  for (const auto& n : g.node()) {
    EXPECT_FALSE(forbidden.count(n.op())) << what << ": " << n.name() << " "
                                          << n.op();
    EXPECT_FALSE(absl::StartsWith(n.op(), "__inference")) << what;
    for (const auto& [name, attr] : n.attr()) {
      EXPECT_NE(attr.type(), tensorflow::DT_RESOURCE)
          << what << ": " << n.name() << " still handles a resource";
    }
  }
  EXPECT_EQ(g.library().function_size(), 0) << what;
}

TEST(RealModelsTest, TfOnnxRegressionCheckpointMatchesTfFrozenGraph) {
  TFAOT_TFMODELS_OR_FAIL(models);
  FreezeOptions o;
  o.fetches = {"pred"};
  auto frozen = FreezeCheckpoint(models + "/tfonnx/regression/checkpoint", o);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  GraphDef want = ReadGraphDef(models + "/tfonnx/regression/graphdef/frozen.pb");
  EXPECT_EQ(Structure(frozen->graph), Structure(want));
  for (const char* var : {"W", "b"}) {
    EXPECT_EQ(ConstFloats(frozen->graph, var), ConstFloats(want, var)) << var;
    EXPECT_EQ(ConstFloats(want, var).size(), 1u) << var;
  }
}

TEST(RealModelsTest, Dl4jSimpleGraphMatchesTfFrozenGraph) {
  TFAOT_TFMODELS_OR_FAIL(models);
  FreezeOptions o;
  o.fetches = {"output"};
  // The directory's state file holds a path from another machine.
  auto frozen = FreezeCheckpoint(models + "/dl4j_misc/simple_graph", o);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  GraphDef want = ReadGraphDef(models + "/dl4j_misc/simple_graph/frozen_model.pb");
  EXPECT_EQ(Structure(frozen->graph), Structure(want));
}

TEST(RealModelsTest, HalfPlusTwoTf012Checkpoint) {
  TFAOT_TFMODELS_OR_FAIL(models);
  FreezeOptions o;
  o.fetches = {"Add:0"};
  auto frozen = FreezeCheckpoint(models + "/serving/half_plus_two_ckpt/export", o);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  const GraphDef& g = frozen->graph;
  ExpectCleanFrozenGraph(g, "half_plus_two_ckpt");
  EXPECT_EQ(ConstBehind(g, "Mul", 0), Floats{0.5f});  // legacy Variable
  EXPECT_EQ(ConstBehind(g, "Add", 1), Floats{2.0f});
  EXPECT_EQ(g.versions().producer(), 19);  // kept: its Placeholder shape rule
}

TEST(RealModelsTest, HalfPlusTwoTf1SavedModelFeedsCutParsing) {
  TFAOT_TFMODELS_OR_FAIL(models);
  auto frozen = FreezeSavedModel(
      models + "/serving/saved_model_half_plus_two_cpu", FreezeOptions());
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  const GraphDef& g = frozen->graph;
  ExpectCleanFrozenGraph(g, "half_plus_two_cpu");
  EXPECT_EQ(frozen->feeds, std::vector<std::string>{"x:0"});
  EXPECT_EQ(frozen->fetches, std::vector<std::string>{"y:0"});
  EXPECT_EQ(FindNode(g, "x")->op(), "Placeholder");
  EXPECT_EQ(FindNode(g, "tf_example"), nullptr);
  EXPECT_EQ(ConstFloats(g, "a"), Floats{0.5f});
  EXPECT_EQ(ConstFloats(g, "b"), Floats{2.0f});
  EXPECT_EQ(ConstBehind(g, "Mul", 0), Floats{0.5f});
  EXPECT_EQ(ConstBehind(g, "Add", 1), Floats{2.0f});
}

TEST(RealModelsTest, HalfPlusTwoTf2SavedModelInlinesAndUsesObjectGraph) {
  TFAOT_TFMODELS_OR_FAIL(models);
  auto frozen = FreezeSavedModel(
      models + "/serving/saved_model_half_plus_two_tf2_cpu", FreezeOptions());
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  const GraphDef& g = frozen->graph;
  ExpectCleanFrozenGraph(g, "half_plus_two_tf2_cpu");
  EXPECT_EQ(frozen->fetches,
            std::vector<std::string>{"StatefulPartitionedCall_5:0"});
  EXPECT_EQ(ConstFloats(g, "a"), Floats{0.5f});
  EXPECT_EQ(ConstFloats(g, "b"), Floats{2.0f});
  // y = a * x + b inside the inlined function body.
  const std::string body = "StatefulPartitionedCall_5/StatefulPartitionedCall/";
  EXPECT_EQ(FindNode(g, body + "Mul")->input(1), "serving_default_x");
  EXPECT_EQ(ConstBehind(g, body + "Mul", 0), Floats{0.5f});
  EXPECT_EQ(ConstBehind(g, body + "Add", 1), Floats{2.0f});
}

TEST(RealModelsTest, KerasTf2LayersMapToObjectGraphKeys) {
  TFAOT_TFMODELS_OR_FAIL(models);
  std::string dir = models + "/cppflow/load_model";
  auto frozen = FreezeSavedModel(dir, FreezeOptions());
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  ExpectCleanFrozenGraph(frozen->graph, "load_model");
  auto bundle = BundleReader::Open(dir + "/variables/variables");
  ASSERT_TRUE(bundle.ok());
  // Keras numbers layers with weights in order: dense, dense_1.
  for (auto [var, key] : std::vector<std::pair<std::string, std::string>>{
           {"dense/kernel", "layer_with_weights-0/kernel"},
           {"dense_1/bias", "layer_with_weights-1/bias"}}) {
    auto t = bundle->ReadTensor(key + "/.ATTRIBUTES/VARIABLE_VALUE");
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(ConstFloats(frozen->graph, var), testing::FloatValues(*t)) << var;
  }
}

TEST(RealModelsTest, EveryCheckpointAndSavedModelFreezesClean) {
  TFAOT_TFMODELS_OR_FAIL(models);
  struct Case {
    std::string path;
    std::vector<std::string> fetches;  // checkpoints
    std::string signature = "serving_default";
    std::string tags = "serve";
  };
  std::vector<Case> cases = {
      {"cppflow/mnist/checkpoint", {"prediction"}},
      {"darienmt", {"add_4"}},  // LeNet, legacy Variable
      {"darienmt/model.ckpt",
       {"Variable/read", "Variable_1/read", "Variable_2/read", "Variable_3/read"}},
      {"darienmt/model_names.ckpt", {"weights_0/read", "bias_0/read"}},
      {"darienmt/train_model.ckpt", {"Add", "ArgMax"}},
      {"dl4j_misc/simple_graph", {"output"}},
      {"dl4j_misc/simple_graph/data-all-1000", {"Variable/read"}},
      {"serving/half_plus_two_ckpt/export", {"Add"}},
      {"tfonnx/regression/checkpoint/model", {"pred"}},
      {"cppflow/load_model", {}},
      {"cppflow/multi_input_output", {}},
      {"serving/saved_model_counter", {}, "get_counter"},
      {"serving/saved_model_half_plus_three", {}},
      {"serving/saved_model_half_plus_two_cpu", {}},
      {"serving/saved_model_half_plus_two_cpu", {}, "regress_x2_to_y3"},
      {"serving/saved_model_half_plus_two_mkl", {}},
      {"serving/saved_model_half_plus_two_tf2_cpu", {}},
      {"serving/saved_model_half_plus_two_tf2_cpu", {}, "regress_x_to_y"},
      {"tfonnx/regression/saved_model", {}},
      {"tfrust/regression-model", {}, "tensorflow/serving/regress", "train,serve"},
      {"tfrust/regression_savedmodel", {}, "w"},
      {"tfrust/regression_savedmodel", {}, "train"},
  };
  for (const Case& c : cases) {
    FreezeOptions o;
    o.fetches = c.fetches;
    o.signature = c.signature;
    o.tags = c.tags;
    std::string what = absl::StrCat(c.path, " ", c.signature);
    auto g = LoadFrozenGraphFromCheckpointOrSavedModel(models + "/" + c.path, o);
    ASSERT_TRUE(g.ok()) << what << ": " << g.status();
    ExpectCleanFrozenGraph(*g, what);
  }
}

TEST(RealModelsTest, CheckpointVariableCountsMatchTheGraphs) {
  TFAOT_TFMODELS_OR_FAIL(models);
  // LeNet's logits read all 10 weights/biases; cppflow's MLP 6 (3 dense).
  auto count_consts_from = [](const GraphDef& g, const std::string& prefix) {
    int n = 0;
    for (const auto& node : g.node()) {
      n += node.op() == "Const" && absl::StartsWith(node.name(), prefix);
    }
    return n;
  };
  FreezeOptions o;
  o.fetches = {"add_4"};
  auto lenet = FreezeCheckpoint(models + "/darienmt", o);
  ASSERT_TRUE(lenet.ok()) << lenet.status();
  EXPECT_EQ(count_consts_from(lenet->graph, "Variable"), 10);
  o.fetches = {"prediction"};
  auto mnist = FreezeCheckpoint(models + "/cppflow/mnist/checkpoint", o);
  ASSERT_TRUE(mnist.ok()) << mnist.status();
  EXPECT_EQ(count_consts_from(mnist->graph, "dense"), 6);
  EXPECT_EQ(FindNode(mnist->graph, "dense/MatMul/ReadVariableOp")->op(),
            "Identity");
}

TEST(RealModelsTest, StateChangingSignatureIsRefused) {
  TFAOT_TFMODELS_OR_FAIL(models);
  FreezeOptions o;
  o.signature = "incr_counter";
  auto g = FreezeSavedModel(models + "/serving/saved_model_counter", o);
  EXPECT_ERROR_HAS(g.status(), "AssignAdd node 'incr_counter_op/AssignAdd'");
}

TEST(RealModelsTest, UnknownTagAndSignatureListAlternatives) {
  TFAOT_TFMODELS_OR_FAIL(models);
  FreezeOptions o;
  o.tags = "gpu";
  EXPECT_ERROR_HAS(
      FreezeSavedModel(models + "/tfonnx/regression/saved_model", o).status(),
      "its tag sets are 'serve'");
  o.tags = "serve";
  o.signature = "predict";
  EXPECT_ERROR_HAS(
      FreezeSavedModel(models + "/tfonnx/regression/saved_model", o).status(),
      "it has serving_default");
}


// Every function call in the corpus (frozen TF2 graphs and all SavedModel
// MetaGraphs, not only the signatures tested above) inlines cleanly.
TEST(RealModelsTest, EveryFunctionCallInTheCorpusInlines) {
  TFAOT_TFMODELS_OR_FAIL(models);
  int graphs_with_calls = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(models)) {
    std::string p = e.path().string();
    if (!absl::EndsWith(p, ".pb")) continue;
    auto bytes = ReadFileToString(p);
    ASSERT_TRUE(bytes.ok());
    std::vector<GraphDef> graphs;
    if (absl::EndsWith(p, "saved_model.pb")) {
      tensorflow::SavedModel sm;
      ASSERT_TRUE(sm.ParseFromString(*bytes)) << p;
      for (const auto& m : sm.meta_graphs()) graphs.push_back(m.graph_def());
    } else {
      GraphDef g;
      if (!g.ParseFromString(*bytes)) continue;  // e.g. a text graph
      graphs.push_back(g);
    }
    for (GraphDef& g : graphs) {
      bool has_calls = false;
      for (const auto& n : g.node()) has_calls |= IsCallOp(n.op());
      if (!has_calls) continue;
      ++graphs_with_calls;
      absl::Status s = InlineFunctionCalls(&g, {});
      ASSERT_TRUE(s.ok()) << p << ": " << s;
      for (const auto& n : g.node()) {
        EXPECT_FALSE(IsCallOp(n.op())) << p << ": " << n.name();
      }
    }
  }
  EXPECT_GE(graphs_with_calls, 4);  // the four TF2 SavedModels
}


TEST(RealModelsTest, DetectsCheckpointsAndSavedModels) {
  TFAOT_TFMODELS_OR_FAIL(models);
  EXPECT_TRUE(IsCheckpointOrSavedModel(models + "/tfonnx/regression/checkpoint"));
  EXPECT_TRUE(IsCheckpointOrSavedModel(models + "/tfonnx/regression/checkpoint/model"));
  EXPECT_TRUE(IsCheckpointOrSavedModel(models + "/darienmt/lenet.meta"));
  EXPECT_TRUE(IsCheckpointOrSavedModel(models + "/tfonnx/regression/saved_model"));
  EXPECT_FALSE(IsCheckpointOrSavedModel(models + "/tfonnx/regression/graphdef/frozen.pb"));
  EXPECT_FALSE(IsCheckpointOrSavedModel(models + "/tfonnx/regression/graphdef"));
  EXPECT_FALSE(IsCheckpointOrSavedModel(models + "/no/such/thing"));
}

}  // namespace
}  // namespace tfaot::checkpoint
