#include "compiler/driver/value_feeds.h"

#include "compiler/driver/compile.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::driver {
namespace {

// y = Tile(x, Pack(n + 1, 1)): the value of feed n decides y's shape.
constexpr char kTileByFeed[] = R"pb(
  node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
  node { name: "n" op: "Placeholder" attr { key: "dtype" value { type: DT_INT32 } } }
  node {
    name: "one" op: "Const"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape {} int_val: 1 } } }
  }
  node { name: "n_plus_1" op: "AddV2" input: "n" input: "one"
         attr { key: "T" value { type: DT_INT32 } } }
  node { name: "multiples" op: "Pack" input: "n_plus_1" input: "one"
         attr { key: "N" value { i: 2 } } attr { key: "T" value { type: DT_INT32 } } }
  node { name: "y" op: "Tile" input: "x" input: "multiples"
         attr { key: "T" value { type: DT_FLOAT } } }
)pb";

ir::Tensor Int32Scalar(int32_t v) {
  ir::Tensor t(ir::DType::kInt32, {});
  t.data<int32_t>()[0] = v;
  return t;
}

ResolvedRun TileRun() {
  ResolvedRun run;
  auto* x = run.config.add_feed();
  x->mutable_id()->set_node_name("x");
  x->mutable_shape()->add_dim()->set_size(2);
  x->mutable_shape()->add_dim()->set_size(3);
  x->set_type(tensorflow::DT_FLOAT);
  run.feed_data.push_back(ir::Tensor(ir::DType::kFloat, {2, 3}));
  auto* n = run.config.add_feed();
  n->mutable_id()->set_node_name("n");
  n->mutable_shape();
  n->set_type(tensorflow::DT_INT32);
  run.feed_data.push_back(Int32Scalar(2));
  run.config.add_fetch()->mutable_id()->set_node_name("y");
  return run;
}

TEST(ValueFeedsTest, ShapeDecidingFeedBecomesAConstantAndTheRestStayFed) {
  tensorflow::GraphDef graph;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTileByFeed, &graph));
  ResolvedRun run = TileRun();
  auto lowered = LowerGraph(graph, run.config, passes::PipelineOptions{});
  ASSERT_FALSE(lowered.ok());
  EXPECT_NE(lowered.status().message().find("must be known at compile time"), std::string::npos)
      << lowered.status();

  auto constants = ConstantizeValueFeeds(lowered.status(), graph, run);
  ASSERT_TRUE(constants.ok()) << constants.status();
  EXPECT_EQ(*constants, std::vector<std::string>{"n"});
  ASSERT_EQ(run.config.feed_size(), 1);
  EXPECT_EQ(run.config.feed(0).id().node_name(), "x");
  ASSERT_EQ(run.feed_data.size(), 1u);
  EXPECT_EQ(run.feed_data[0].shape(), (ir::Shape{2, 3}));
  ASSERT_EQ(run.config.constant_size(), 1);
  EXPECT_EQ(run.config.constant(0).id().node_name(), "n");
  EXPECT_EQ(run.config.constant(0).value().dtype(), tensorflow::DT_INT32);

  lowered = LowerGraph(graph, run.config, passes::PipelineOptions{});
  ASSERT_TRUE(lowered.ok()) << lowered.status();
  const ir::Fetch& y = (*lowered)->fetches()[0];
  // multiples = [n + 1, 1] = [3, 1]: [2, 3] tiles to [6, 3].
  EXPECT_EQ(y.value.node->output(y.value.index).shape, (ir::Shape{6, 3}));
  EXPECT_FALSE(y.value.node->output(y.value.index).constant) << "x must stay a run-time input";
}

TEST(ValueFeedsTest, OtherErrorsComeBackUnchanged) {
  tensorflow::GraphDef graph;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTileByFeed, &graph));
  ResolvedRun run = TileRun();
  absl::Status other = absl::InvalidArgumentError("node 'y' (Tile): something else");
  auto constants = ConstantizeValueFeeds(other, graph, run);
  EXPECT_EQ(constants.status(), other);
  EXPECT_EQ(run.config.feed_size(), 2);
}

// y = Reshape(x, Pack(decode:1, 3)) where `decode` is an op tfaotc cannot
// compile (as DecodeWav): its outputs are fed, and the fed output 1 decides
// y's shape, so it becomes a constant while output 0 stays fed.
constexpr char kInnerOutputDecidesShape[] = R"pb(
  node { name: "blob" op: "Placeholder" attr { key: "dtype" value { type: DT_STRING } } }
  node { name: "decode" op: "DecodeSomething" input: "blob" }
  node {
    name: "three" op: "Const"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape {} int_val: 3 } } }
  }
  node { name: "shape" op: "Pack" input: "decode:1" input: "three"
         attr { key: "N" value { i: 2 } } attr { key: "T" value { type: DT_INT32 } } }
  node { name: "y" op: "Reshape" input: "decode" input: "shape"
         attr { key: "T" value { type: DT_FLOAT } } attr { key: "Tshape" value { type: DT_INT32 } } }
)pb";

TEST(ValueFeedsTest, AFedOutputOfAnInnerOpBecomesAConstantToo) {
  tensorflow::GraphDef graph;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kInnerOutputDecidesShape, &graph));
  ResolvedRun run;
  for (int index : {0, 1}) {
    auto* feed = run.config.add_feed();
    feed->mutable_id()->set_node_name("decode");
    feed->mutable_id()->set_output_index(index);
    feed->set_type(index == 0 ? tensorflow::DT_FLOAT : tensorflow::DT_INT32);
    feed->mutable_shape();
    if (index == 0) feed->mutable_shape()->add_dim()->set_size(6);
  }
  run.feed_data.push_back(ir::Tensor(ir::DType::kFloat, {6}));
  run.feed_data.push_back(Int32Scalar(2));
  run.config.add_fetch()->mutable_id()->set_node_name("y");

  std::vector<std::string> constants;
  auto lowered = LowerWithValueFeeds(graph, run, passes::PipelineOptions{}, &constants);
  ASSERT_TRUE(lowered.ok()) << lowered.status();
  EXPECT_EQ(constants, std::vector<std::string>{"decode:1"});
  ASSERT_EQ(run.config.feed_size(), 1);
  EXPECT_EQ(run.config.feed(0).id().output_index(), 0);
  ASSERT_EQ(run.feed_data.size(), 1u);
  const ir::Fetch& y = (*lowered)->fetches()[0];
  EXPECT_EQ(y.value.node->output(y.value.index).shape, (ir::Shape{2, 3}));
}

}  // namespace
}  // namespace tfaot::driver
