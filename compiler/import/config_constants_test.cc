// The config's `constant` entries through ImportGraph: what they replace,
// and each error.
#include "compiler/import/config_constants.h"

#include "compiler/import/import_graph.h"
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

// wav -> decode (an op tfaotc does not know; outputs: audio, rate);
// scaled = audio * rate; also a placeholder `gain` [2] and sum = scaled + gain.
const char* kGraph = R"pb(
  node { name: "wav" op: "Placeholder" attr { key: "dtype" value { type: DT_STRING } } }
  node { name: "decode" op: "DecodeWav" input: "wav" }
  node { name: "rate_f" op: "Cast" input: "decode:1"
         attr { key: "SrcT" value { type: DT_INT32 } } attr { key: "DstT" value { type: DT_FLOAT } } }
  node { name: "scaled" op: "Mul" input: "decode" input: "rate_f"
         attr { key: "T" value { type: DT_FLOAT } } }
  node {
    name: "gain" op: "Placeholder"
    attr { key: "dtype" value { type: DT_FLOAT } }
    attr { key: "shape" value { shape { dim { size: 2 } } } }
  }
  node { name: "sum" op: "AddV2" input: "scaled" input: "gain" attr { key: "T" value { type: DT_FLOAT } } }
  versions { producer: 27 }
)pb";

constexpr char kFeedAudioFixRate[] = R"pb(
  feed { id { node_name: "decode" } shape { dim { size: 2 } } type: DT_FLOAT }
  constant { id { node_name: "decode" output_index: 1 }
             value { dtype: DT_INT32 tensor_shape { } int_val: 16000 } }
)pb";

TEST(ConfigConstantsTest, AnInnerOutputBecomesAConstAndItsOpIsNotImported) {
  auto g = ImportGraph(Graph(kGraph), Config(std::string(kFeedAudioFixRate) + R"pb(
    feed { id { node_name: "gain" } }
    fetch { id { node_name: "sum" } }
  )pb"));
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ((*g)->FindNode("decode"), nullptr);  // DecodeWav itself is not needed
  ir::Node* rate = (*g)->FindNode("decode/constant_1");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->op(), "Const");
  auto value = rate->GetTensor("value");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ((*value)->dtype(), ir::DType::kInt32);
  EXPECT_EQ((*value)->data<int32_t>()[0], 16000);
  ir::Node* cast = (*g)->FindNode("rate_f");
  ASSERT_NE(cast, nullptr);
  EXPECT_EQ(cast->inputs()[0].node, rate);
  EXPECT_EQ((*g)->feeds().size(), 2u);
}

TEST(ConfigConstantsTest, AFixedPlaceholderKeepsItsName) {
  auto g = ImportGraph(Graph(kGraph), Config(std::string(kFeedAudioFixRate) + R"pb(
    constant { id { node_name: "gain" } value { dtype: DT_FLOAT tensor_shape { dim { size: 2 } }
                                                 float_val: 0.5 float_val: 2 } }
    fetch { id { node_name: "sum" } }
  )pb"));
  ASSERT_TRUE(g.ok()) << g.status();
  ir::Node* gain = (*g)->FindNode("gain");
  ASSERT_NE(gain, nullptr);
  EXPECT_EQ(gain->op(), "Const");
  EXPECT_EQ((*g)->feeds().size(), 1u);  // only the audio
}

std::string Error(const std::string& config) {
  auto g = ImportGraph(Graph(kGraph), Config(config + R"pb(fetch { id { node_name: "sum" } })pb"));
  return g.ok() ? "ok" : std::string(g.status().message());
}

TEST(ConfigConstantsTest, Errors) {
  const std::string feed_gain = R"pb(feed { id { node_name: "gain" } })pb";
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + feed_gain), "ok");
  EXPECT_EQ(Error(R"pb(constant { id { node_name: "decod" } value { dtype: DT_FLOAT } })pb"),
            "a constant in the config names node 'decod', which is not in the graph; did you "
            "mean 'decode'?");
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + feed_gain + R"pb(
              feed { id { node_name: "decode" output_index: 1 } type: DT_INT32 shape { } })pb"),
            "tensor 'decode:1' is both fed and fixed to a constant in the config; keep the "
            "`feed` to give it at run time or the `constant` to compile it in, not both");
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + feed_gain + R"pb(
              constant { id { node_name: "decode" output_index: 1 }
                         value { dtype: DT_INT32 int_val: 8000 } })pb"),
            "tensor 'decode:1' is fixed by two constants in the config");
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + R"pb(
              constant { id { node_name: "gain" } value { dtype: DT_INT32 tensor_shape { dim { size: 2 } } int_val: 1 } })pb"),
            "constant 'gain' in the config has dtype int32, but Placeholder 'gain' is float; "
            "give the value the graph's dtype");
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + R"pb(
              constant { id { node_name: "gain" } value { dtype: DT_FLOAT tensor_shape { dim { size: 3 } } float_val: 1 } })pb"),
            "constant 'gain' in the config has shape [3], but Placeholder 'gain' is [2]; "
            "give the value the graph's shape");
  EXPECT_EQ(Error(std::string(kFeedAudioFixRate) + feed_gain + R"pb(
              constant { id { node_name: "decode" output_index: -1 }
                         value { dtype: DT_INT32 int_val: 8000 } })pb"),
            "constant 'decode:-1' in the config has a negative output_index");
  EXPECT_NE(Error(std::string(kFeedAudioFixRate) + feed_gain + R"pb(
              constant { id { node_name: "decode" output_index: 2 } value { } })pb")
                .find("constant 'decode:2' in the config has no value dtype"),
            std::string::npos);
  EXPECT_NE(Error(std::string(kFeedAudioFixRate) + feed_gain + R"pb(
              constant { id { node_name: "decode" output_index: 2 }
                         value { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } tensor_content: "abc" } })pb")
                .find("constant 'decode:2' in the config: "),
            std::string::npos);
}

TEST(ConfigConstantsTest, ForgettingTheRateSaysWhatToFeed) {
  // Only the audio fed: DecodeWav, and so its string input, are still needed.
  EXPECT_EQ(Error(R"pb(
              feed { id { node_name: "decode" } shape { dim { size: 2 } } type: DT_FLOAT }
              feed { id { node_name: "gain" } })pb"),
            "node 'wav' (Placeholder) holds strings, which tfaotc cannot compile: feed the "
            "outputs of its reader 'decode' (DecodeWav) instead; still needed: decode:1 (given "
            "already: decode:0). With `tfaotc run`: --feed=decode:1=FILE.npy; in a config: a "
            "`feed`, or a `constant` for a value that must be known at compile time (such as a "
            "sample rate)");
  EXPECT_NE(Error(R"pb(feed { id { node_name: "gain" } })pb")
                .find("still needed: decode:0, decode:1. With"),
            std::string::npos);
}

}  // namespace
}  // namespace tfaot::import
