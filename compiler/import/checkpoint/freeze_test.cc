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

TEST(FreezeTest, VariableMissingFromCheckpointWithoutInitializerIsError) {
  std::string prefix = NewTempDir() + "/c";
  WriteBundle(prefix, {FloatTensor("unrelated", {2}, {1, 2})});
  FreezeOptions o;
  o.fetches = {"z"};
  auto g = Freeze(ResourceGraph(), prefix, o);
  EXPECT_ERROR_HAS(g.status(), "variable 'h' is not in checkpoint");
}

}  // namespace
}  // namespace tfaot::checkpoint
