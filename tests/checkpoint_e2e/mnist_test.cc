// MNIST-trained checkpoints of the corpus, frozen, compiled, built and run on
// the first 1000 MNIST test images: each must reach the accuracy of a trained
// model (chance is 0.1). Preprocessing (tfmodels/OPS.md): pixel / 255, LeNet
// takes 32x32x1 (MNIST padded by 2 pixels), cppflow's model is float64.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "compiler/import/checkpoint/bundle_reader.h"
#include "compiler/import/checkpoint/test_util.h"
#include "gtest/gtest.h"
#include "tests/checkpoint_e2e/run_model.h"
#include "tools/npy/npy.h"

namespace tfaot::e2e {
namespace {

struct Mnist {
  std::string checkpoint;  // under $TFAOT_TFMODELS
  std::string input, logits;
  ir::DType dtype;
  int pad;                  // pixels added on each side (LeNet: 2)
  bool flat;                // [N, 784] rather than [N, H, W, 1]
  double min_accuracy;      // what this model reaches, with some margin
};

// Images as the model wants them: [N, 784] or [N, 28+2p, 28+2p, 1].
ir::Tensor Preprocess(const ir::Tensor& images, const Mnist& m) {
  int64_t n = images.shape()[0], side = 28 + 2 * m.pad;
  ir::Shape shape = m.flat ? ir::Shape{n, side * side} : ir::Shape{n, side, side, 1};
  ir::Tensor out(m.dtype, shape);  // zero: the padding
  for (int64_t i = 0; i < n; ++i)
    for (int64_t r = 0; r < 28; ++r)
      for (int64_t c = 0; c < 28; ++c) {
        double v = images.AsDouble((i * 28 + r) * 28 + c) / 255.0;
        int64_t at = (i * side + r + m.pad) * side + c + m.pad;
        if (m.dtype == ir::DType::kDouble) out.data<double>()[at] = v;
        else out.data<float>()[at] = static_cast<float>(v);
      }
  return out;
}

int Accuracy(const ir::Tensor& logits, const ir::Tensor& labels) {
  int correct = 0;
  for (int64_t i = 0; i < labels.num_elements(); ++i) {
    int64_t best = 0;
    for (int64_t k = 1; k < 10; ++k)
      if (logits.AsDouble(i * 10 + k) > logits.AsDouble(i * 10 + best)) best = k;
    correct += best == labels.AsInt64(i);
  }
  return correct;
}

// Returns the logits the generated code computed.
ir::Tensor ExpectTrainedAccuracy(const Mnist& m) {
  std::string models = TfModelsOrFail();
  if (models.empty()) return {};
  auto images = npy::ReadNpy(models + "/mnist/t10k_images_first1000.npy");
  auto labels = npy::ReadNpy(models + "/mnist/t10k_labels_first1000.npy");
  EXPECT_TRUE(images.ok() && labels.ok()) << images.status() << labels.status();
  if (!images.ok() || !labels.ok()) return {};
  driver::ModelSource source;
  source.checkpoint = models + "/" + m.checkpoint;
  auto out = LoadAndRun(source, {{m.input, Preprocess(*images, m)}}, {m.logits});
  EXPECT_TRUE(out.ok()) << m.checkpoint << ": " << out.status();
  if (!out.ok()) return {};
  const ir::Tensor& logits = (*out)[0];
  int64_t n = labels->num_elements();
  EXPECT_EQ(logits.shape(), (ir::Shape{n, 10}));
  if (logits.shape() != ir::Shape{n, 10}) return {};
  int correct = Accuracy(logits, *labels);
  double accuracy = static_cast<double>(correct) / n;
  std::cout << "MNIST accuracy of " << m.checkpoint << ": " << accuracy << " (" << correct
            << "/" << n << ")\n";
  ::testing::Test::RecordProperty("accuracy", std::to_string(accuracy));
  EXPECT_GT(accuracy, m.min_accuracy) << m.checkpoint << " does not classify like a trained model";
  return logits;
}

TEST(MnistTest, DarienmtLeNet) {
  ExpectTrainedAccuracy({"darienmt", "Placeholder", "add_4", ir::DType::kFloat, 2, false, 0.95});
}

// A briefly trained softmax regression (random-normal init): about 0.69.
// The logits are checked against x.W + b computed here from the checkpoint,
// so that accuracy is the model's own, not a compiler error. Its Placeholder
// is `shape {}` in a producer-21 graph, which TF reads as any shape.
TEST(MnistTest, DarienmtSoftmax) {
  Mnist m = {"darienmt/train_model.ckpt", "Placeholder", "Add", ir::DType::kFloat, 0, true, 0.6};
  ir::Tensor logits = ExpectTrainedAccuracy(m);
  if (logits.num_elements() == 0) return;  // already failed
  std::string models = TfModelsOrFail();
  auto bundle = checkpoint::BundleReader::Open(models + "/" + m.checkpoint);
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  auto w = bundle->ReadTensor("Variable"), b = bundle->ReadTensor("Variable_1");
  ASSERT_TRUE(w.ok() && b.ok());
  std::vector<float> wv = checkpoint::testing::FloatValues(*w), bv = checkpoint::testing::FloatValues(*b);
  ASSERT_EQ(wv.size(), 784u * 10);
  ir::Tensor x = Preprocess(*npy::ReadNpy(models + "/mnist/t10k_images_first1000.npy"), m);
  double max_err = 0;
  for (int64_t i = 0; i < 1000; ++i)
    for (int k = 0; k < 10; ++k) {
      double want = bv[k];
      for (int j = 0; j < 784; ++j) want += double(x.data<float>()[i * 784 + j]) * wv[j * 10 + k];
      max_err = std::max(max_err, std::fabs(logits.data<float>()[i * 10 + k] - want));
    }
  std::cout << "darienmt softmax: max |logit - hand-computed| = " << max_err << "\n";
  EXPECT_LT(max_err, 1e-3);
}

TEST(MnistTest, CppflowMlpFloat64) {
  ExpectTrainedAccuracy(
      {"cppflow/mnist/checkpoint", "input", "prediction", ir::DType::kDouble, 0, true, 0.95});
}

}  // namespace
}  // namespace tfaot::e2e
