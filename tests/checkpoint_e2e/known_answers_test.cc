// Checkpoints and SavedModels of the shared corpus with a known answer, frozen,
// compiled, built and run: a TensorFlow-frozen graph of the same checkpoint
// (same random input, bitwise equal results) or y = 0.5 * x + 2.
#include <random>

#include "compiler/driver/run_command.h"
#include "gtest/gtest.h"
#include "tests/checkpoint_e2e/run_model.h"

namespace tfaot::e2e {
namespace {

ir::Tensor RandomFloats(ir::Shape shape, unsigned seed) {
  ir::Tensor t(ir::DType::kFloat, std::move(shape));
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-10, 10);
  for (int64_t i = 0; i < t.num_elements(); ++i) t.data<float>()[i] = dist(gen);
  return t;
}

std::vector<float> Floats(const ir::Tensor& t) {
  return std::vector<float>(t.data<float>(), t.data<float>() + t.num_elements());
}

// Runs the checkpoint and TensorFlow's frozen graph on the same feeds.
void ExpectSameAsFrozen(const std::string& checkpoint, const std::string& frozen,
                        const std::vector<Feed>& feeds, const std::string& fetch) {
  driver::ModelSource from_checkpoint;
  from_checkpoint.checkpoint = checkpoint;
  auto got = LoadAndRun(from_checkpoint, feeds, {fetch});
  ASSERT_TRUE(got.ok()) << checkpoint << ": " << got.status();
  driver::ModelSource from_graph;
  from_graph.graph = frozen;
  auto want = LoadAndRun(from_graph, feeds, {fetch});
  ASSERT_TRUE(want.ok()) << frozen << ": " << want.status();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_GT((*got)[0].num_elements(), 0);
  EXPECT_TRUE((*got)[0].BitwiseEquals((*want)[0]))
      << "checkpoint gives " << driver::FormatTensor((*got)[0]) << ", frozen graph gives "
      << driver::FormatTensor((*want)[0]);
  std::cout << checkpoint << " -> " << fetch << " = " << driver::FormatTensor((*got)[0]) << "\n";
}

TEST(KnownAnswersTest, TfOnnxRegressionCheckpointEqualsFrozenGraph) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  ExpectSameAsFrozen(models + "/tfonnx/regression/checkpoint/model",
                     models + "/tfonnx/regression/graphdef/frozen.pb",
                     {{"X", RandomFloats({16}, 1)}}, "pred");
}

TEST(KnownAnswersTest, Dl4jSimpleGraphCheckpointEqualsFrozenGraph) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  // A directory whose `checkpoint` file names a path from another machine.
  ExpectSameAsFrozen(models + "/dl4j_misc/simple_graph",
                     models + "/dl4j_misc/simple_graph/frozen_model.pb",
                     {{"input_0", RandomFloats({4}, 2)}, {"input_1", RandomFloats({4}, 3)}},
                     "output");
}

// y = 0.5 * x + 2 in every form; empty `feed` and `fetch`: the SavedModel's
// signature names them. `shape` defaults to [x.size()].
void ExpectHalfPlusTwo(const driver::ModelSource& source, const std::string& feed,
                       const std::string& fetch, std::vector<float> x, ir::Shape shape = {}) {
  if (shape.empty()) shape = {static_cast<int64_t>(x.size())};
  auto got = LoadAndRun(source, {{feed, ir::Tensor::FromVector(x, shape)}},
                        fetch.empty() ? std::vector<std::string>{} : std::vector{fetch});
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  std::vector<float> want;
  for (float v : x) want.push_back(0.5f * v + 2);
  EXPECT_EQ(Floats((*got)[0]), want);
  std::cout << "half_plus_two" << " = " << driver::FormatTensor((*got)[0]) << "\n";
}

TEST(KnownAnswersTest, HalfPlusTwoTf012CheckpointTakesAnyShape) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  driver::ModelSource source;
  source.checkpoint = models + "/serving/half_plus_two_ckpt/export";
  // TF 0.12's Placeholder has `shape {}`: any shape (producer 19 < 21).
  ExpectHalfPlusTwo(source, "Placeholder", "Add", {1, 2, 5});
}

TEST(KnownAnswersTest, HalfPlusTwoTf1SavedModelBySignature) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  driver::ModelSource source;
  source.saved_model = models + "/serving/saved_model_half_plus_two_cpu";
  ExpectHalfPlusTwo(source, "", "", {1, 2, 5}, {3, 1});  // the signature's x is float[?,1]
}

TEST(KnownAnswersTest, HalfPlusTwoTf1SavedModelByName) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  driver::ModelSource source;
  source.saved_model = models + "/serving/saved_model_half_plus_two_cpu";
  ExpectHalfPlusTwo(source, "x", "y", {1, 2, 5});
}

TEST(KnownAnswersTest, HalfPlusTwoTf2SavedModelBySignature) {
  std::string models = TfModelsOrFail();
  ASSERT_FALSE(models.empty());
  driver::ModelSource source;
  source.saved_model = models + "/serving/saved_model_half_plus_two_tf2_cpu";
  ExpectHalfPlusTwo(source, "", "", {5});  // the signature's input is float[1]
}

}  // namespace
}  // namespace tfaot::e2e
