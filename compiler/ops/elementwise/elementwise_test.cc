// Elementwise semantics against hand arithmetic (and Python/TensorFlow's
// documented rules), through the ops' reference evaluators, and through the
// runtime functions that both the evaluators and generated code call.
#include <cmath>
#include <limits>

#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"
#include "runtime/elementwise.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;
namespace ew = rt::ew;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(ElementwiseTest, FloorDivAndFloorModFollowPythonSigns) {
  // Python: -7 // 2 = -4, 7 // -2 = -4, -7 // -2 = 3; -7 % 2 = 1, 7 % -2 = -1.
  const std::vector<int32_t> a = {-7, 7, -7, 7, 6, -6};
  const std::vector<int32_t> b = {2, 2, -2, -2, 3, 3};
  const std::vector<int32_t> div = {-4, 3, 3, -4, 2, -2};
  const std::vector<int32_t> mod = {1, 1, -1, -1, 0, 0};
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(ew::FloorDiv(a[i], b[i]), div[i]) << a[i] << " // " << b[i];
    EXPECT_EQ(ew::FloorMod(a[i], b[i]), mod[i]) << a[i] << " % " << b[i];
  }
  EXPECT_EQ(ew::FloorDiv(-7.0f, 2.0f), -4.0f);
  EXPECT_EQ(ew::FloorMod(-7.5f, 2.0f), 0.5f);
  EXPECT_EQ(ew::FloorMod(7.5f, -2.0f), -0.5f);
  auto d = EvalOp("FloorDiv", {T1(a), T1(b)});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Values<int32_t>(*d), div);
  auto m = EvalOp("FloorMod", {T1(a), T1(b)});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(Values<int32_t>(*m), mod);
  auto fm = EvalOp("FloorMod", {T1<float>({-7.5f, 7.5f}), T1<float>({2.0f, -2.0f})});
  ASSERT_TRUE(fm.ok()) << fm.status();
  EXPECT_EQ(Values<float>(*fm), (std::vector<float>{0.5f, -0.5f}));
}

// TensorFlow reports integer division by zero as an error; compiled code
// cannot, so it must give 0 rather than trap, and INT_MIN / -1 must wrap
// (x86 traps on both in hardware).
TEST(ElementwiseTest, IntegerDivisionNeverTraps) {
  const int32_t lowest = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(ew::FloorDiv(lowest, -1), lowest);
  EXPECT_EQ(ew::FloorMod(lowest, -1), 0);
  EXPECT_EQ(ew::TruncateDiv(lowest, -1), lowest);
  EXPECT_EQ(ew::TruncateMod(lowest, -1), 0);
  EXPECT_EQ(ew::FloorDiv(7, 0), 0);
  EXPECT_EQ(ew::FloorMod(7, 0), 0);
  EXPECT_EQ(ew::Div(-7, 0), 0);
  EXPECT_EQ(ew::FloorDiv(int64_t{-9}, int64_t{4}), -3);  // -2.25 floors to -3
}

TEST(ElementwiseTest, IntegerDivTruncatesLikeTensorFlowsDiv) {
  auto d = EvalOp("Div", {T1<int32_t>({-7, 7, -7}), T1<int32_t>({2, 2, -2})});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Values<int32_t>(*d), (std::vector<int32_t>{-3, 3, 3}));
  auto r = EvalOp("RealDiv", {T1<float>({1.0f, -3.0f}), T1<float>({4.0f, 2.0f})});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Values<float>(*r), (std::vector<float>{0.25f, -1.5f}));
}

TEST(ElementwiseTest, MaximumAndMinimumPropagateNaNFromEitherSide) {
  for (const char* op : {"Maximum", "Minimum"}) {
    auto v = EvalOp(op, {T1<float>({kNaN, 1.0f, 2.0f}), T1<float>({1.0f, kNaN, -3.0f})});
    ASSERT_TRUE(v.ok()) << v.status();
    std::vector<float> got = Values<float>(*v);
    EXPECT_TRUE(std::isnan(got[0])) << op;
    EXPECT_TRUE(std::isnan(got[1])) << op;
    EXPECT_EQ(got[2], std::string(op) == "Maximum" ? 2.0f : -3.0f);
  }
  auto relu = EvalOp("Relu", {T1<float>({kNaN, -1.0f, 2.5f})});
  ASSERT_TRUE(relu.ok());
  EXPECT_TRUE(std::isnan(Values<float>(*relu)[0]));
  EXPECT_EQ(Values<float>(*relu)[1], 0.0f);
  EXPECT_EQ(Values<float>(*relu)[2], 2.5f);
}

TEST(ElementwiseTest, RoundHalvesToEven) {
  // numpy.round / tf.round: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> -0, -1.5 -> -2.
  const std::vector<float> in = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4f, 2.6f};
  const std::vector<float> want = {0.0f, 2.0f, 2.0f, -0.0f, -2.0f, -2.0f, 2.0f, 3.0f};
  for (size_t i = 0; i < in.size(); ++i) EXPECT_EQ(ew::Round(in[i]), want[i]) << in[i];
  EXPECT_TRUE(std::signbit(ew::Round(-0.5f)));
  auto v = EvalOp("Round", {T1(in)});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Values<float>(*v), want);
  EXPECT_TRUE(std::signbit(Values<float>(*v)[3]));  // -0.5 rounds to -0
}

TEST(ElementwiseTest, CastFloatToIntTruncatesTowardZero) {
  auto v = EvalOp("Cast", {T1<float>({2.7f, -2.7f, 0.5f, -0.5f, 100.0f})},
                  {{"DstT", ir::DType::kInt32}});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->dtype(), ir::DType::kInt32);
  EXPECT_EQ(Values<int32_t>(*v), (std::vector<int32_t>{2, -2, 0, 0, 100}));

  auto b = EvalOp("Cast", {T1<int32_t>({0, 3, -1})}, {{"DstT", ir::DType::kBool}});
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(Values<bool>(*b), (std::vector<bool>{false, true, true}));

  auto f = EvalOp("Cast", {T1<int64_t>({-3, 16777217})}, {{"DstT", ir::DType::kFloat}});
  ASSERT_TRUE(f.ok()) << f.status();
  // 16777217 = 2^24 + 1 is not a float; round to nearest even gives 2^24.
  EXPECT_EQ(Values<float>(*f), (std::vector<float>{-3.0f, 16777216.0f}));
}

TEST(ElementwiseTest, IntegerArithmeticWrapsAround) {
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  auto add = EvalOp("Add", {T1<int32_t>({kMax, kMin}), T1<int32_t>({1, -1})});
  ASSERT_TRUE(add.ok());
  EXPECT_EQ(Values<int32_t>(*add), (std::vector<int32_t>{kMin, kMax}));
  auto mul = EvalOp("Mul", {T1<int32_t>({65536, 46341}), T1<int32_t>({65536, 46341})});
  ASSERT_TRUE(mul.ok());
  // 2^32 mod 2^32 = 0; 46341^2 = 2147488281 = 2^31 + 4633 -> -2147479015.
  EXPECT_EQ(Values<int32_t>(*mul), (std::vector<int32_t>{0, -2147479015}));
  auto neg = EvalOp("Neg", {T1<int32_t>({kMin, 5})});
  ASSERT_TRUE(neg.ok());
  EXPECT_EQ(Values<int32_t>(*neg), (std::vector<int32_t>{kMin, -5}));
  auto i8 = EvalOp("Add", {T1<int8_t>({127, -128}), T1<int8_t>({1, -1})});
  ASSERT_TRUE(i8.ok());
  EXPECT_EQ(Values<int8_t>(*i8), (std::vector<int8_t>{-128, 127}));
  auto u8 = EvalOp("Sub", {T1<uint8_t>({0}), T1<uint8_t>({1})});
  ASSERT_TRUE(u8.ok());
  EXPECT_EQ(Values<uint8_t>(*u8), (std::vector<uint8_t>{255}));
}

TEST(ElementwiseTest, Relu6ClampsToZeroAndSix) {
  auto v = EvalOp("Relu6", {T1<float>({-1.0f, 0.0f, 3.0f, 6.0f, 7.5f})});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{0.0f, 0.0f, 3.0f, 6.0f, 6.0f}));
  auto i = EvalOp("Relu6", {T1<int32_t>({-4, 4, 9})});
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(Values<int32_t>(*i), (std::vector<int32_t>{0, 4, 6}));
}

TEST(ElementwiseTest, SigmoidTanhExpValues) {
  auto s = EvalOp("Sigmoid", {T1<double>({0.0, 2.0, -2.0, 40.0})});
  ASSERT_TRUE(s.ok());
  std::vector<double> got = Values<double>(*s);
  // 1 / (1 + e^-x): numpy gives 0.5, 0.8807970779778823, 0.11920292202211755.
  EXPECT_EQ(got[0], 0.5);
  EXPECT_NEAR(got[1], 0.8807970779778823, 1e-15);
  EXPECT_NEAR(got[2], 0.11920292202211755, 1e-15);
  EXPECT_NEAR(got[3], 1.0, 1e-15);
  auto t = EvalOp("Tanh", {T1<float>({0.0f, 1.0f})});
  ASSERT_TRUE(t.ok());
  EXPECT_NEAR(Values<float>(*t)[1], 0.7615941559557649, 1e-6);
  auto e = EvalOp("Exp", {T1<float>({1.0f})});
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(Values<float>(*e)[0], 2.718281828459045, 1e-6);
  auto r = EvalOp("Rsqrt", {T1<float>({4.0f, 0.25f})});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Values<float>(*r), (std::vector<float>{0.5f, 2.0f}));
}

TEST(ElementwiseTest, BroadcastingShapesAndValues) {
  Tensor col = Tensor::FromVector<float>({1, 2}, {2, 1});
  Tensor row = Tensor::FromVector<float>({10, 20, 30}, {1, 3});
  auto v = EvalOp("Add", {col, row});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->shape(), (ir::Shape{2, 3}));
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{11, 21, 31, 12, 22, 32}));

  Tensor scalar = Tensor::Scalar<float>(2.0f);
  Tensor m = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 1, 2});
  auto s = EvalOp("Mul", {scalar, m});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->shape(), (ir::Shape{3, 1, 2}));
  EXPECT_EQ(Values<float>(*s), (std::vector<float>{2, 4, 6, 8, 10, 12}));

  auto rank_up = EvalOp("Sub", {Tensor::FromVector<float>({1, 2, 3}, {3}),
                                Tensor::FromVector<float>({1, 2}, {2, 1, 1})});
  ASSERT_TRUE(rank_up.ok());
  EXPECT_EQ(rank_up->shape(), (ir::Shape{2, 1, 3}));
  EXPECT_EQ(Values<float>(*rank_up), (std::vector<float>{0, 1, 2, -1, 0, 1}));
}

TEST(ElementwiseTest, IncompatibleShapesNameTheNodeAndBothShapes) {
  auto v = EvalOp("Add", {Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}),
                          Tensor::FromVector<float>({1, 2}, {2})});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(),
            "node 'node' (Add): shapes [2,3] and [2] are not broadcast-compatible");
}

TEST(ElementwiseTest, DtypeRulesAreEnforced) {
  auto mixed = EvalOp("Add", {T1<int32_t>({1}), T1<float>({1})});
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().message(),
            "node 'node' (Add): dtype mismatch: input 0 is int32, input 1 is float");
  auto exp_int = EvalOp("Exp", {T1<int32_t>({1})});
  ASSERT_FALSE(exp_int.ok());
  EXPECT_NE(exp_int.status().message().find("input 0 has dtype int32"), std::string::npos)
      << exp_int.status();
}

TEST(ElementwiseTest, ExpressionsCallTheRuntimeFunctions) {
  const OpDef* add = FindOp("AddV2");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->op_class, OpClass::kElementwise);
  ir::FusedStep step;
  step.op = "AddV2";
  EXPECT_EQ(add->expr(step, {"a[i0]", "b"}), "ew::Add(a[i0], b)");
  ir::FusedStep cast;
  cast.op = "Cast";
  cast.dtype = ir::DType::kFloat;
  EXPECT_EQ(FindOp("Cast")->expr(cast, {"x"}), "ew::Cast<float>(x)");
}

TEST(RegistryTest, FindOpAndAllOps) {
  EXPECT_EQ(FindOp("NoSuchOp"), nullptr);
  ASSERT_NE(FindOp("MatMul"), nullptr);
  EXPECT_STREQ(FindOp("MatMul")->name, "MatMul");
  std::vector<const OpDef*> all = AllOps();
  ASSERT_FALSE(all.empty());
  for (size_t i = 1; i < all.size(); ++i)
    EXPECT_LT(std::string(all[i - 1]->name), std::string(all[i]->name));
  for (const OpDef* op : all) {
    EXPECT_EQ(FindOp(op->name), op);
    EXPECT_NE(op->infer, nullptr) << op->name;
    if (op->op_class == OpClass::kElementwise) {
      EXPECT_NE(op->expr, nullptr) << op->name;
    }
    // A kernel either emits code or is always known at compile time (Shape).
    if (op->op_class == OpClass::kKernel) {
      EXPECT_TRUE(op->emit != nullptr || op->eval != nullptr) << op->name;
    }
  }
}

}  // namespace
}  // namespace tfaot::ops
