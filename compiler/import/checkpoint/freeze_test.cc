#include "compiler/import/checkpoint/freeze.h"

#include <cstring>

#include "compiler/import/checkpoint/bundle_writer_for_test.h"
#include "compiler/import/checkpoint/test_util.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::GraphDef;
using testing::ConstFloats;
using testing::FindNode;
using testing::FloatTensor;
using testing::NewTempDir;
using testing::TestTensor;
using testing::WriteBundle;
using Floats = std::vector<float>;

// y = x * v + w, TF1 style: VariableV2 + /read, `v` initialized from a
// Const, `w` from a random op, plus a saver that must be pruned.
constexpr char kTf1Graph[] = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    attr { key: "dtype" value { type: DT_FLOAT } }
  }
  node {
    name: "v"
    op: "VariableV2"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { dim { size: 2 } } } }
  }
  node {
    name: "v/initial_value"
    op: "Const"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr {
      key: "value"
      value {
        tensor {
          dtype: DT_FLOAT
          tensor_shape { dim { size: 2 } }
          float_val: 10
          float_val: 20
        }
      }
    }
  }
  node { name: "v/Assign" op: "Assign" input: "v" input: "v/initial_value" }
  node {
    name: "v/read"
    op: "Identity"
    input: "v"
    attr { key: "T" value { type: DT_FLOAT } }
    attr { key: "_class" value { list { s: "loc:@v" } } }
  }
  node {
    name: "w"
    op: "VariableV2"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { dim { size: 2 } } } }
  }
  node { name: "w/shape" op: "Const" }
  node { name: "w/random" op: "RandomUniform" input: "w/shape" }
  node { name: "w/Assign" op: "Assign" input: "w" input: "w/random" }
  node { name: "w/read" op: "Identity" input: "w" }
  node {
    name: "mul"
    op: "Mul"
    input: "x"
    input: "v/read"
    attr { key: "T" value { type: DT_FLOAT } }
  }
  node { name: "y" op: "Add" input: "mul" input: "w/read" }
  node { name: "save/Const" op: "Const" }
  node { name: "save/RestoreV2" op: "RestoreV2" input: "save/Const" }
  node { name: "save/Assign" op: "Assign" input: "v" input: "save/RestoreV2" }
  node {
    name: "save/restore_all"
    op: "NoOp"
    input: "^save/Assign"
  }
)pb";

GraphDef Tf1Graph() {
  GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kTf1Graph, &g));
  return g;
}

std::string Tf1Checkpoint() {
  std::string prefix = NewTempDir() + "/ckpt";
  WriteBundle(prefix, {FloatTensor("v", {2}, {1, 2}),
                       FloatTensor("w", {2}, {3, 4}),
                       FloatTensor("v/ExponentialMovingAverage", {2}, {5, 6}),
                       FloatTensor("other_w", {2}, {7, 8})});
  return prefix;
}

absl::StatusOr<GraphDef> Freeze(const GraphDef& g, const std::string& prefix,
                                FreezeOptions options) {
  auto bundle = BundleReader::Open(prefix);
  EXPECT_TRUE(bundle.ok()) << bundle.status();
  if (options.fetches.empty()) options.fetches = {"y:0"};
  return FreezeGraphDef(g, &*bundle, options);
}

TEST(FreezeTest, VariablesBecomeConstsAndStateIsPruned) {
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), {});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ConstFloats(*g, "v"), (Floats{1, 2}));
  EXPECT_EQ(ConstFloats(*g, "w"), (Floats{3, 4}));
  std::vector<std::string> names;
  for (const auto& n : g->node()) names.push_back(n.name());
  EXPECT_EQ(names, (std::vector<std::string>{"x", "v", "v/read", "w", "w/read",
                                             "mul", "y"}));
  // The colocation hint still names a node that exists.
  EXPECT_EQ(FindNode(*g, "v/read")->attr().count("_class"), 1u);
}

TEST(FreezeTest, MovingAveragesUseShadowWhenPresent) {
  FreezeOptions o;
  o.moving_averages = true;
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ConstFloats(*g, "v"), (Floats{5, 6}));
  EXPECT_EQ(ConstFloats(*g, "w"), (Floats{3, 4}));  // has no shadow
}

TEST(FreezeTest, RenameMap) {
  FreezeOptions o;
  o.restore = {{"v", ""}, {"w", "other_w"}};
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ConstFloats(*g, "v"), (Floats{1, 2}));
  EXPECT_EQ(ConstFloats(*g, "w"), (Floats{7, 8}));
}

TEST(FreezeTest, SubsetTakesConstantInitializerForTheRest) {
  FreezeOptions o;
  o.restore = {{"w", ""}};
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ConstFloats(*g, "v"), (Floats{10, 20}));
  EXPECT_EQ(ConstFloats(*g, "w"), (Floats{3, 4}));
}

TEST(FreezeTest, UnrestoredVariableWithoutConstantInitializerIsError) {
  FreezeOptions o;
  o.restore = {{"v", ""}};
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  EXPECT_ERROR_HAS(g.status(), "variable 'w'");
  EXPECT_ERROR_HAS(g.status(), "--restore=w=");
}

TEST(FreezeTest, RestoreFromMissingKeyIsError) {
  FreezeOptions o;
  o.restore = {{"v", ""}, {"w", "nope"}};
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  EXPECT_ERROR_HAS(g.status(), "'nope'");
  EXPECT_ERROR_HAS(g.status(), "variable 'w'");
}

TEST(FreezeTest, RestoreOfNonVariableIsError) {
  FreezeOptions o;
  o.restore = {{"x", ""}};
  EXPECT_ERROR_HAS(Freeze(Tf1Graph(), Tf1Checkpoint(), o).status(),
                   "'x', which is not a variable");
}

TEST(FreezeTest, ShapeMismatchNamesVariableAndShapes) {
  std::string prefix = NewTempDir() + "/ckpt";
  WriteBundle(prefix, {FloatTensor("v", {3}, {1, 2, 3}),
                       FloatTensor("w", {2}, {3, 4})});
  auto g = Freeze(Tf1Graph(), prefix, {});
  EXPECT_ERROR_HAS(g.status(), "variable 'v' has shape [2]");
  EXPECT_ERROR_HAS(g.status(), "has shape [3]");
}

TEST(FreezeTest, DtypeMismatchNamesVariable) {
  std::string prefix = NewTempDir() + "/ckpt";
  TestTensor v{"v", tensorflow::DT_INT32, {2}, std::string(8, '\0')};
  WriteBundle(prefix, {v, FloatTensor("w", {2}, {3, 4})});
  auto g = Freeze(Tf1Graph(), prefix, {});
  EXPECT_ERROR_HAS(g.status(), "variable 'v' is float");
  EXPECT_ERROR_HAS(g.status(), "int32");
}

TEST(FreezeTest, FetchingAnAssignIsError) {
  FreezeOptions o;
  o.fetches = {"v/Assign"};
  EXPECT_ERROR_HAS(Freeze(Tf1Graph(), Tf1Checkpoint(), o).status(),
                   "Assign node 'v/Assign'");
}

TEST(FreezeTest, MissingFetchIsError) {
  FreezeOptions o;
  o.fetches = {"nope:0"};
  EXPECT_ERROR_HAS(Freeze(Tf1Graph(), Tf1Checkpoint(), o).status(),
                   "'nope' is not in the graph");
}

TEST(FreezeTest, FeedOfNonPlaceholderBecomesPlaceholder) {
  FreezeOptions o;
  o.feeds = {"mul:0"};
  auto g = Freeze(Tf1Graph(), Tf1Checkpoint(), o);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(FindNode(*g, "mul")->op(), "Placeholder");
  EXPECT_EQ(FindNode(*g, "v"), nullptr);  // only fed through mul
  EXPECT_EQ(FindNode(*g, "x"), nullptr);
}

// Resource variables: VarHandleOp + ReadVariableOp, keyed by name, by
// shared_name, or through a TF2 object graph.
constexpr char kResourceGraph[] = R"pb(
  node {
    name: "h"
    op: "VarHandleOp"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { dim { size: 2 } } } }
    attr { key: "shared_name" value { s: "my_var" } }
  }
  node {
    name: "h/Read"
    op: "ReadVariableOp"
    input: "h"
    attr { key: "dtype" value { type: DT_FLOAT } }
  }
  node { name: "z" op: "Neg" input: "h/Read" }
)pb";

GraphDef ResourceGraph() {
  GraphDef g;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kResourceGraph, &g));
  return g;
}

void ExpectResourceFrozen(const absl::StatusOr<GraphDef>& g, Floats want) {
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ConstFloats(*g, "h"), want);
  const auto* read = FindNode(*g, "h/Read");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->op(), "Identity");
  EXPECT_EQ(read->input(0), "h");
  EXPECT_EQ(read->attr().at("T").type(), tensorflow::DT_FLOAT);
}

TEST(FreezeTest, ResourceVariableByNameAndSharedName) {
  FreezeOptions o;
  o.fetches = {"z"};
  std::string by_name = NewTempDir() + "/c";
  WriteBundle(by_name, {FloatTensor("h", {2}, {9, 8})});
  ExpectResourceFrozen(Freeze(ResourceGraph(), by_name, o), {9, 8});
  std::string by_shared = NewTempDir() + "/c";
  WriteBundle(by_shared, {FloatTensor("my_var", {2}, {7, 6})});
  ExpectResourceFrozen(Freeze(ResourceGraph(), by_shared, o), {7, 6});
}

TEST(FreezeTest, ObjectGraphKeys) {
  tensorflow::TrackableObjectGraph og;
  auto* root = og.add_nodes();
  auto* child = root->add_children();
  child->set_node_id(1);
  child->set_local_name("layer");
  auto* attr = og.add_nodes()->add_attributes();
  attr->set_name("VARIABLE_VALUE");
  attr->set_full_name("my_var");
  attr->set_checkpoint_key("layer/.ATTRIBUTES/VARIABLE_VALUE");
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix,
              {testing::StringScalarTensor("_CHECKPOINTABLE_OBJECT_GRAPH",
                                           og.SerializeAsString()),
               FloatTensor("layer/.ATTRIBUTES/VARIABLE_VALUE", {2}, {4, 5})});
  FreezeOptions o;
  o.fetches = {"z"};
  ExpectResourceFrozen(Freeze(ResourceGraph(), prefix, o), {4, 5});
}

TEST(FreezeTest, VariableMissingFromCheckpointIsErrorEvenWithInitializer) {
  // Restoring everything (no --restore) must not silently fall back to the
  // initial value of a variable the checkpoint lacks.
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("w", {2}, {3, 4})});
  auto g = Freeze(Tf1Graph(), prefix, {});
  EXPECT_ERROR_HAS(g.status(), "variable 'v' is not in checkpoint");
  EXPECT_ERROR_HAS(g.status(), "--restore=v=");
}

TEST(FreezeTest, VariableMissingFromCheckpointWithoutInitializerIsError) {
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("unrelated", {2}, {1, 2})});
  FreezeOptions o;
  o.fetches = {"z"};
  auto g = Freeze(ResourceGraph(), prefix, o);
  EXPECT_ERROR_HAS(g.status(), "variable 'h' is not in checkpoint");
  EXPECT_ERROR_HAS(g.status(), "looked for 'h', 'my_var'");
}


std::string StringsConst(const std::string& name,
                         const std::vector<std::string>& values) {
  std::string s = "node { name: \"" + name +
                  "\" op: \"Const\" attr { key: \"value\" value { tensor { "
                  "dtype: DT_STRING ";
  for (const auto& v : values) s += "string_val: \"" + v + "\" ";
  return s + "} } } }\n";
}

// The graph's own saver decides the key: here it restores `v` from
// "old_v" (a Saver built with {"old_v": v}).
TEST(FreezeTest, GraphSaverKeysAreUsed) {
  GraphDef g = Tf1Graph();
  std::string saver =
      StringsConst("s/names", {"old_v", "w"}) +
      StringsConst("s/slices", {"", ""}) + R"pb(
    node { name: "s/Const" op: "Const" }
    node {
      name: "s/RestoreV2"
      op: "RestoreV2"
      input: "s/Const"
      input: "s/names"
      input: "s/slices"
    }
    node { name: "s/Assign" op: "Assign" input: "v" input: "s/RestoreV2" }
    node { name: "s/Assign_1" op: "Assign" input: "w" input: "s/RestoreV2:1" }
  )pb";
  GraphDef saver_nodes;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(saver, &saver_nodes));
  for (const auto& n : saver_nodes.node()) *g.add_node() = n;
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("old_v", {2}, {-1, -2}),
                       FloatTensor("v", {2}, {1, 1}),
                       FloatTensor("w", {2}, {3, 4})});
  auto frozen = Freeze(g, prefix, {});
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  EXPECT_EQ(ConstFloats(*frozen, "v"), (Floats{-1, -2}));
  EXPECT_EQ(ConstFloats(*frozen, "w"), (Floats{3, 4}));
}

// A saver built with var_list=[w] leaves `v` to its initializer.
TEST(FreezeTest, VariableOutsideTheGraphSaverKeepsItsInitializer) {
  GraphDef g = Tf1Graph();
  std::string saver = StringsConst("s/names", {"w"}) +
                      StringsConst("s/slices", {""}) + R"pb(
    node { name: "s/Const" op: "Const" }
    node {
      name: "s/RestoreV2"
      op: "RestoreV2"
      input: "s/Const"
      input: "s/names"
      input: "s/slices"
    }
    node { name: "s/Assign" op: "Assign" input: "w" input: "s/RestoreV2" }
  )pb";
  GraphDef saver_nodes;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(saver, &saver_nodes));
  // Replace the test graph's own (v-only) saver by this one.
  GraphDef kept;
  for (const auto& n : g.node()) {
    if (n.name().rfind("save/", 0) != 0) *kept.add_node() = n;
  }
  for (const auto& n : saver_nodes.node()) *kept.add_node() = n;
  auto frozen = Freeze(kept, Tf1Checkpoint(), {});
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  EXPECT_EQ(ConstFloats(*frozen, "v"), (Floats{10, 20}));
  EXPECT_EQ(ConstFloats(*frozen, "w"), (Floats{3, 4}));
}

// tf.get_variable(..., partitioner=...) makes one graph variable per part,
// saved as slices of a single checkpoint tensor.
TEST(FreezeTest, PartitionedGraphVariablesTakeTheirSlices) {
  std::string text =
      StringsConst("save/names", {"emb", "emb"}) +
      StringsConst("save/slices", {"4 2 0,3:-", "4 2 3,1:-"}) + R"pb(
    node {
      name: "emb/part_0"
      op: "VariableV2"
      attr { key: "dtype" value { type: DT_FLOAT } }
      attr {
        key: "shape"
        value { shape { dim { size: 3 } dim { size: 2 } } }
      }
    }
    node {
      name: "emb/part_1"
      op: "VariableV2"
      attr { key: "dtype" value { type: DT_FLOAT } }
      attr {
        key: "shape"
        value { shape { dim { size: 1 } dim { size: 2 } } }
      }
    }
    node { name: "emb/axis" op: "Const" }
    node {
      name: "emb/concat"
      op: "ConcatV2"
      input: "emb/part_0"
      input: "emb/part_1"
      input: "emb/axis"
    }
    node { name: "save/Const" op: "Const" }
    node {
      name: "save/RestoreV2"
      op: "RestoreV2"
      input: "save/Const"
      input: "save/names"
      input: "save/slices"
    }
    node {
      name: "save/Assign"
      op: "Assign"
      input: "emb/part_0"
      input: "save/RestoreV2"
    }
    node {
      name: "save/Assign_1"
      op: "Assign"
      input: "emb/part_1"
      input: "save/RestoreV2:1"
    }
  )pb";
  GraphDef g;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &g));
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, testing::PartitionedFloat(
                          "emb", {4, 2},
                          {{{0, 0}, {3, -1}, {1, 2, 3, 4, 5, 6}, {3, 2}},
                           {{3, 0}, {1, -1}, {7, 8}, {1, 2}}}));
  FreezeOptions o;
  o.fetches = {"emb/concat"};
  auto frozen = Freeze(g, prefix, o);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  EXPECT_EQ(ConstFloats(*frozen, "emb/part_0"), (Floats{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(ConstFloats(*frozen, "emb/part_1"), (Floats{7, 8}));
}


TEST(FreezeTest, ResourceGatherBecomesGatherV2OfTheConst) {
  GraphDef g = ResourceGraph();
  GraphDef extra;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    node { name: "idx" op: "Const" }
    node {
      name: "lookup"
      op: "ResourceGather"
      input: "h"
      input: "idx"
      attr { key: "dtype" value { type: DT_FLOAT } }
      attr { key: "Tindices" value { type: DT_INT32 } }
    }
  )pb", &extra));
  for (const auto& n : extra.node()) *g.add_node() = n;
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("h", {2}, {9, 8})});
  FreezeOptions o;
  o.fetches = {"lookup"};
  auto frozen = Freeze(g, prefix, o);
  ASSERT_TRUE(frozen.ok()) << frozen.status();
  const auto* lookup = FindNode(*frozen, "lookup");
  ASSERT_NE(lookup, nullptr);
  EXPECT_EQ(lookup->op(), "GatherV2");
  ASSERT_EQ(lookup->input_size(), 3);
  EXPECT_EQ(lookup->input(0), "h");
  EXPECT_EQ(lookup->input(1), "idx");
  EXPECT_EQ(lookup->attr().at("Tparams").type(), tensorflow::DT_FLOAT);
  EXPECT_EQ(lookup->attr().at("Tindices").type(), tensorflow::DT_INT32);
  const auto* axis = FindNode(*frozen, lookup->input(2));
  ASSERT_NE(axis, nullptr);
  EXPECT_EQ(axis->attr().at("value").tensor().int_val(0), 0);
  EXPECT_EQ(ConstFloats(*frozen, "h"), (Floats{9, 8}));
}

TEST(FreezeTest, OtherResourceConsumersAreRefused) {
  GraphDef g = ResourceGraph();
  GraphDef extra;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    node {
      name: "handle_copy"
      op: "Identity"
      input: "h"
      attr { key: "T" value { type: DT_RESOURCE } }
    }
    node { name: "size" op: "VariableShape" input: "handle_copy" }
  )pb", &extra));
  for (const auto& n : extra.node()) *g.add_node() = n;
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("h", {2}, {9, 8})});
  FreezeOptions o;
  o.fetches = {"size"};
  EXPECT_ERROR_HAS(Freeze(g, prefix, o).status(),
                   "node 'handle_copy' uses a resource");
}

}  // namespace
}  // namespace tfaot::checkpoint
