// FakeQuantWithMinMaxArgs/Vars, LSTMBlockCell, BlockLSTM and GRUBlockCell
// against hand-computed values, through their shape rules and evaluators.
#include <cmath>

#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;

// Every output of `op` applied to constant `inputs`.
absl::StatusOr<std::vector<Tensor>> EvalAll(const std::string& op,
                                            const std::vector<Tensor>& inputs,
                                            ir::AttrMap attrs = {}) {
  const OpDef* def = FindOp(op);
  if (!def) return absl::NotFoundError(op);
  ir::GraphBuilder b;
  std::vector<ir::In> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Node* c = b.ConstTensor("in" + std::to_string(i), inputs[i]);
    if (auto s = FindOp("Const")->infer(*c); !s.ok()) return s;
    ins.push_back(c);
  }
  ir::Node* node = b.Op("node", op, ins, std::move(attrs));
  if (auto s = def->infer(*node); !s.ok()) return s;
  std::vector<const Tensor*> ptrs;
  for (int i = 0; i < node->num_inputs(); ++i) ptrs.push_back(node->input_constant(i));
  std::vector<Tensor> out;
  if (auto s = def->eval(*node, ptrs, out); !s.ok()) return s;
  for (int k = 0; k < node->num_outputs(); ++k)
    if (out[k].shape() != node->output(k).shape) return absl::InternalError("shape mismatch");
  return out;
}

float Sig(float v) { return 1.0f / (1.0f + std::exp(-v)); }
Tensor M(std::vector<float> v, ir::Shape s) { return Tensor::FromVector<float>(v, s); }

TEST(FakeQuantTest, ArgsTwoBitsGrid) {
  // min -1, max 2, 2 bits: 3 steps of 1.0, zero point 1, grid {-1, 0, 1, 2}.
  auto y = EvalOp("FakeQuantWithMinMaxArgs", {T1<float>({0.4f, 0.6f, -5, 7, 1.2f})},
                  {{"min", -1.0f}, {"max", 2.0f}, {"num_bits", int64_t{2}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{0, 1, -1, 2, 1}));
}

TEST(FakeQuantTest, ArgsNudgesZeroOntoTheGrid) {
  // min -0.5, max 2.5, 2 bits: scale 1, zero point 0.5 rounds (half away
  // from zero) to 1, so the range becomes [-1, 2].
  auto y = EvalOp("FakeQuantWithMinMaxArgs", {T1<float>({-1, 2.4f, -0.8f, 5})},
                  {{"min", -0.5f}, {"max", 2.5f}, {"num_bits", int64_t{2}}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{-1, 2, -1, 2}));
}

TEST(FakeQuantTest, VarsNarrowRange) {
  // narrow_range, 2 bits: quant range 1..3, scale (1 - -1) / 2 = 1, zero point
  // 1 - (-1) = 2, nudged range [-1, 1].
  auto y = EvalOp("FakeQuantWithMinMaxVars",
                  {T1<float>({0.3f, 0.6f, -3, 3}), Tensor::Scalar<float>(-1),
                   Tensor::Scalar<float>(1)},
                  {{"num_bits", int64_t{2}}, {"narrow_range", true}});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(Values<float>(*y), (std::vector<float>{0, 1, -1, 1}));
}

TEST(FakeQuantTest, Errors) {
  EXPECT_FALSE(EvalOp("FakeQuantWithMinMaxArgs", {T1<float>({1})},
                      {{"min", 1.0f}, {"max", 0.0f}})
                   .ok());
  EXPECT_FALSE(EvalOp("FakeQuantWithMinMaxArgs", {T1<float>({1})}, {{"num_bits", int64_t{1}}})
                   .ok());
  EXPECT_FALSE(EvalOp("FakeQuantWithMinMaxVars",
                      {T1<float>({1}), T1<float>({0, 0}), Tensor::Scalar<float>(1)})
                   .ok());
}

// One unit, one input: x = 1, h_prev = 2, cs_prev = 1,
// w = [[1, 2, -1, 0.5], [0.5, 0, 0, 0]], b = [0, 0, 0, 0.25]. Pre-activations:
// i = 1 + 0.5*2 = 2, ci = 2, f = -1 (+ forget_bias), o = 0.5 + 0.25 = 0.75.
std::vector<Tensor> LstmInputs(float wci, float wcf, float wco) {
  return {M({1}, {1, 1}),          M({1}, {1, 1}),   M({2}, {1, 1}),
          M({1, 2, -1, 0.5f, 0.5f, 0, 0, 0}, {2, 4}), M({wci}, {1}), M({wcf}, {1}),
          M({wco}, {1}),           M({0, 0, 0, 0.25f}, {4})};
}

TEST(LSTMBlockCellTest, GatesAndCellClip) {
  auto out = EvalAll("LSTMBlockCell", LstmInputs(0, 0, 0),
                     {{"forget_bias", 0.0f}, {"cell_clip", 0.5f}});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 7u);
  const float i = Sig(2), ci = std::tanh(2.0f), f = Sig(-1), o = Sig(0.75f);
  // cs = i*ci + f*1 = 0.8808*0.9640 + 0.2689 = 1.118, clipped to 0.5.
  const float expect[7] = {i, 0.5f, f, o, ci, std::tanh(0.5f), o * std::tanh(0.5f)};
  for (int k = 0; k < 7; ++k) EXPECT_NEAR(Values<float>((*out)[k])[0], expect[k], 1e-6) << k;
}

TEST(LSTMBlockCellTest, PeepholeAndForgetBiasWithoutClip) {
  auto out = EvalAll("LSTMBlockCell", LstmInputs(1, 2, -1),
                     {{"forget_bias", 1.0f}, {"cell_clip", -1.0f}, {"use_peephole", true}});
  ASSERT_TRUE(out.ok()) << out.status();
  const float i = Sig(2 + 1 * 1), f = Sig(-1 + 1 + 2 * 1), ci = std::tanh(2.0f);
  const float cs = i * ci + f * 1;  // above 1: not clipped
  const float o = Sig(0.75f + cs * -1);
  const float expect[7] = {i, cs, f, o, ci, std::tanh(cs), o * std::tanh(cs)};
  for (int k = 0; k < 7; ++k) EXPECT_NEAR(Values<float>((*out)[k])[0], expect[k], 1e-6) << k;
}

TEST(LSTMBlockCellTest, WrongBiasShapeIsAnError) {
  auto in = LstmInputs(0, 0, 0);
  in[7] = M({0, 0, 0}, {3});
  EXPECT_FALSE(EvalAll("LSTMBlockCell", in).ok());
}

TEST(BlockLSTMTest, RecurrenceAndSeqLenMax) {
  // Zero weights and bias, forget_bias 1, cs_prev 1: every step has i = o =
  // 0.5, ci = 0, f = sigmoid(1), so cs_t = sigmoid(1)^(t+1), h_t = tanh(cs)/2.
  auto inputs = [](int64_t seq_len) {
    return std::vector<Tensor>{Tensor::Scalar<int64_t>(seq_len),
                               M({3, -4, 5}, {3, 1, 1}),
                               M({1}, {1, 1}),
                               M({0.7f}, {1, 1}),
                               M(std::vector<float>(8, 0), {2, 4}),
                               M({0}, {1}),
                               M({0}, {1}),
                               M({0}, {1}),
                               M({0, 0, 0, 0}, {4})};
  };
  ir::AttrMap attrs = {{"forget_bias", 1.0f}, {"cell_clip", -1.0f}};
  auto out = EvalAll("BlockLSTM", inputs(3), attrs);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 7u);
  EXPECT_EQ((*out)[1].shape(), (ir::Shape{3, 1, 1}));
  const float f = Sig(1);
  std::vector<float> cs = Values<float>((*out)[1]), h = Values<float>((*out)[6]);
  EXPECT_NEAR(cs[0], f, 1e-6);
  EXPECT_NEAR(cs[1], f * f, 1e-6);
  EXPECT_NEAR(cs[2], f * f * f, 1e-6);
  EXPECT_NEAR(h[2], 0.5f * std::tanh(f * f * f), 1e-6);
  auto cut = EvalAll("BlockLSTM", inputs(1), attrs);
  ASSERT_TRUE(cut.ok()) << cut.status();
  for (int k = 0; k < 7; ++k) {
    std::vector<float> v = Values<float>((*cut)[k]);
    EXPECT_EQ(v[1], 0.0f) << k;
    EXPECT_EQ(v[2], 0.0f) << k;
  }
  EXPECT_NEAR(Values<float>((*cut)[1])[0], f, 1e-6);
}

TEST(GRUBlockCellTest, GatesCandidateAndState) {
  // x = 1, h_prev = 2; w_ru = [[1, -1], [0.5, 0]], b_ru = [0, 0.5]:
  // r = sigmoid(1 + 1) , u = sigmoid(-1 + 0.5);
  // w_c = [[0.5], [1]], b_c = 0.1: c = tanh(0.5 + 2 r + 0.1);
  // h = u (h_prev - c) + c.
  auto out = EvalAll("GRUBlockCell", {M({1}, {1, 1}), M({2}, {1, 1}),
                                      M({1, -1, 0.5f, 0}, {2, 2}), M({0.5f, 1}, {2, 1}),
                                      M({0, 0.5f}, {2}), M({0.1f}, {1})});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 4u);
  const float r = Sig(2), u = Sig(-0.5f), c = std::tanh(0.6f + 2 * r);
  const float expect[4] = {r, u, c, u * (2 - c) + c};
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(Values<float>((*out)[k])[0], expect[k], 1e-6) << k;
}

TEST(GRUBlockCellTest, WrongCandidateWeightsAreAnError) {
  auto out = EvalAll("GRUBlockCell", {M({1}, {1, 1}), M({2}, {1, 1}),
                                      M({1, -1, 0.5f, 0}, {2, 2}), M({0.5f}, {1, 1}),
                                      M({0, 0.5f}, {2}), M({0.1f}, {1})});
  EXPECT_FALSE(out.ok());
}

}  // namespace
}  // namespace tfaot::ops
