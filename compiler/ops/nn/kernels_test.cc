// MatMul, Reshape, TopKV2, Select, Cast, Softmax and BiasAdd against
// hand-computed values.
#include <cmath>

#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;

// A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]]:
// A*B = [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
//     = [[58, 64], [139, 154]].
const std::vector<float> kProduct = {58, 64, 139, 154};

TEST(MatMulTest, PlainProduct) {
  auto v = EvalOp("MatMul", {Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}),
                             Tensor::FromVector<float>({7, 8, 9, 10, 11, 12}, {3, 2})});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->shape(), (ir::Shape{2, 2}));
  EXPECT_EQ(Values<float>(*v), kProduct);
}

TEST(MatMulTest, TransposedOperands) {
  Tensor a_t = Tensor::FromVector<float>({1, 4, 2, 5, 3, 6}, {3, 2});       // A^T
  Tensor b_t = Tensor::FromVector<float>({7, 9, 11, 8, 10, 12}, {2, 3});    // B^T
  Tensor a = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor b = Tensor::FromVector<float>({7, 8, 9, 10, 11, 12}, {3, 2});
  auto ta = EvalOp("MatMul", {a_t, b}, {{"transpose_a", true}});
  ASSERT_TRUE(ta.ok()) << ta.status();
  EXPECT_EQ(Values<float>(*ta), kProduct);
  auto tb = EvalOp("MatMul", {a, b_t}, {{"transpose_b", true}});
  ASSERT_TRUE(tb.ok()) << tb.status();
  EXPECT_EQ(Values<float>(*tb), kProduct);
  auto both = EvalOp("MatMul", {a_t, b_t}, {{"transpose_a", true}, {"transpose_b", true}});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(Values<float>(*both), kProduct);
  // B^T A^T = (AB)^T = [[58,139],[64,154]], shape 2x2.
  auto bt_at = EvalOp("MatMul", {b, a}, {{"transpose_a", true}, {"transpose_b", true}});
  ASSERT_TRUE(bt_at.ok()) << bt_at.status();
  EXPECT_EQ(Values<float>(*bt_at), (std::vector<float>{58, 139, 64, 154}));
}

TEST(MatMulTest, IntegerAndShapeErrors) {
  auto v = EvalOp("MatMul", {Tensor::FromVector<int32_t>({1, 2}, {1, 2}),
                             Tensor::FromVector<int32_t>({3, 4}, {2, 1})});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Values<int32_t>(*v), (std::vector<int32_t>{11}));
  auto bad = EvalOp("MatMul", {Tensor::FromVector<float>({1, 2}, {1, 2}),
                               Tensor::FromVector<float>({1, 2, 3}, {3, 1})});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "node 'node' (MatMul): inner dimensions differ: [1,2] x [3,1]");
  auto rank = EvalOp("MatMul", {Tensor::FromVector<float>({1, 2}, {2}),
                                Tensor::FromVector<float>({1, 2}, {2, 1})});
  EXPECT_FALSE(rank.ok());
}

TEST(ReshapeTest, MinusOneIsInferred) {
  std::vector<float> data(24);
  for (int i = 0; i < 24; ++i) data[i] = static_cast<float>(i);
  Tensor x = Tensor::FromVector<float>(data, {2, 3, 4});
  auto v = EvalOp("Reshape", {x, Tensor::FromVector<int32_t>({-1, 6}, {2})});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->shape(), (ir::Shape{4, 6}));
  EXPECT_EQ(Values<float>(*v), data);
  auto mid = EvalOp("Reshape", {x, Tensor::FromVector<int64_t>({3, -1, 2}, {3})});
  ASSERT_TRUE(mid.ok()) << mid.status();
  EXPECT_EQ(mid->shape(), (ir::Shape{3, 4, 2}));
  auto flat = EvalOp("Reshape", {x, Tensor::FromVector<int32_t>({-1}, {1})});
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->shape(), (ir::Shape{24}));
}

TEST(ReshapeTest, BadTargetsAreErrors) {
  Tensor x = Tensor::FromVector<float>(std::vector<float>(6), {2, 3});
  auto two = EvalOp("Reshape", {x, Tensor::FromVector<int32_t>({-1, -1}, {2})});
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("more than one -1"), std::string::npos);
  auto uneven = EvalOp("Reshape", {x, Tensor::FromVector<int32_t>({4, -1}, {2})});
  ASSERT_FALSE(uneven.ok());
  EXPECT_EQ(uneven.status().message(), "node 'node' (Reshape): cannot reshape [2,3] into [4,-1]");
  auto count = EvalOp("Reshape", {x, Tensor::FromVector<int32_t>({5}, {1})});
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.status().message().find("(6 elements) into [5]"), std::string::npos);
}

// TensorFlow's ReshapeOp leaves zero sizes out when inferring a -1 for a
// target that has a zero: [2, 0] -> [2, 0, -1] is [2, 0, 1].
TEST(ReshapeTest, MinusOneOfAnEmptyTensor) {
  Tensor empty = Tensor::FromVector<float>({}, {2, 0});
  auto v = EvalOp("Reshape", {empty, Tensor::FromVector<int32_t>({2, 0, -1}, {3})});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->shape(), (ir::Shape{2, 0, 1}));
  Tensor empty3 = Tensor::FromVector<float>({}, {0, 1, 2});
  auto ten = EvalOp("Reshape", {empty3, Tensor::FromVector<int32_t>({10, -1}, {2})});
  ASSERT_TRUE(ten.ok()) << ten.status();
  EXPECT_EQ(ten->shape(), (ir::Shape{10, 0}));
  auto tail = EvalOp("Reshape", {empty3, Tensor::FromVector<int32_t>({0, 4, -1}, {3})});
  ASSERT_TRUE(tail.ok()) << tail.status();
  EXPECT_EQ(tail->shape(), (ir::Shape{0, 4, 0}));
}

// sorted = false: [1, 5, 3, 4, 2], k = 2 through TensorFlow's TopN heap
// (make_heap of indices 0..2, pop 0; 3 replaces 2) leaves [3, 1]; k = 1 and
// k = n still come out sorted.
TEST(TopKTest, UnsortedIsHeapOrder) {
  Tensor x = Tensor::FromVector<float>({1, 5, 3, 4, 2}, {5});
  auto two = EvalOp("TopKV2", {x, Tensor::FromVector<int32_t>({2}, {})}, {{"sorted", false}});
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(Values<float>(*two), (std::vector<float>{4, 5}));
  auto sorted = EvalOp("TopKV2", {x, Tensor::FromVector<int32_t>({2}, {})}, {{"sorted", true}});
  ASSERT_TRUE(sorted.ok()) << sorted.status();
  EXPECT_EQ(Values<float>(*sorted), (std::vector<float>{5, 4}));
  auto all = EvalOp("TopKV2", {x, Tensor::FromVector<int32_t>({5}, {})}, {{"sorted", false}});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(Values<float>(*all), (std::vector<float>{5, 4, 3, 2, 1}));
}

// Select (v1) with a vector condition picks rows of a higher-rank x.
TEST(SelectTest, VectorConditionPicksRows) {
  Tensor c = Tensor::FromVector<bool>({true, false}, {2});
  Tensor x = Tensor::FromVector<float>({1, 2, 3, 4}, {2, 2});
  Tensor y = Tensor::FromVector<float>({10, 20, 30, 40}, {2, 2});
  auto v = EvalOp("Select", {c, x, y});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{1, 2, 30, 40}));
}

// Cast through half: 1 + 2^-11 ties to even (1.0), 65520 overflows to inf.
TEST(CastTest, ToAndFromHalf) {
  Tensor x = Tensor::FromVector<float>({1.0f + 0x1p-11f, 65520.0f, -2.5f}, {3});
  auto h = EvalOp("Cast", {x}, {{"DstT", ir::DType::kHalf}});
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(Values<uint16_t>(*h), (std::vector<uint16_t>{0x3c00, 0x7c00, 0xc100}));
  auto i = EvalOp("Cast", {*h}, {{"DstT", ir::DType::kInt32}});
  ASSERT_TRUE(i.ok()) << i.status();
  EXPECT_EQ(Values<int32_t>(*i)[2], -2);
}

TEST(SoftmaxTest, RowsSumToOneAndMatchHandExp) {
  auto v = EvalOp("Softmax", {Tensor::FromVector<float>({1, 2, 3, 0, 0, 0, 1000, 0, 1000}, {3, 3})});
  ASSERT_TRUE(v.ok()) << v.status();
  std::vector<float> p = Values<float>(*v);
  // e^1, e^2, e^3 = 2.718281828, 7.389056099, 20.08553692; sum 30.19287485.
  EXPECT_NEAR(p[0], 2.718281828 / 30.19287485, 1e-6);
  EXPECT_NEAR(p[1], 7.389056099 / 30.19287485, 1e-6);
  EXPECT_NEAR(p[2], 20.08553692 / 30.19287485, 1e-6);
  for (int i = 3; i < 6; ++i) EXPECT_NEAR(p[i], 1.0 / 3.0, 1e-7);
  // Large logits do not overflow: [1000, 0, 1000] -> [0.5, 0, 0.5].
  EXPECT_NEAR(p[6], 0.5, 1e-7);
  EXPECT_EQ(p[7], 0.0f);
  EXPECT_NEAR(p[8], 0.5, 1e-7);
  for (int r = 0; r < 3; ++r) EXPECT_NEAR(p[3 * r] + p[3 * r + 1] + p[3 * r + 2], 1.0, 1e-6);
  EXPECT_FALSE(EvalOp("Softmax", {Tensor::Scalar<float>(1)}).ok());
  EXPECT_FALSE(EvalOp("Softmax", {Tensor::FromVector<int32_t>({1, 2}, {2})}).ok());
}

TEST(BiasAddTest, NchwAddsAlongAxisOne) {
  Tensor x = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 2, 2});
  auto v = EvalOp("BiasAdd", {x, Tensor::FromVector<float>({10, 100}, {2})},
                  {{"data_format", std::string("NCHW")}});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{11, 12, 13, 14, 105, 106, 107, 108}));
  auto nhwc = EvalOp("BiasAdd", {x, Tensor::FromVector<float>({10, 100}, {2})});
  ASSERT_TRUE(nhwc.ok());
  EXPECT_EQ(Values<float>(*nhwc), (std::vector<float>{11, 102, 13, 104, 15, 106, 17, 108}));
  auto bad = EvalOp("BiasAdd", {x, Tensor::FromVector<float>({1, 2, 3}, {3})});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bias of size 3 does not match"), std::string::npos);
}

}  // namespace
}  // namespace tfaot::ops
