// Reductions, scans, generators and the n-ary elementwise ops against
// hand-computed values, through their shape rules and reference evaluators.
#include <cmath>
#include <limits>

#include "compiler/ops/op_test_util.h"
#include "runtime/half.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;

// x = [[1,2,3],[4,5,6]]
Tensor X23() { return Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}); }

TEST(ReduceTest, SumOverEachAxisAndBoth) {
  auto rows = EvalOp("Sum", {X23(), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->shape(), (ir::Shape{2}));
  EXPECT_EQ(Values<float>(*rows), (std::vector<float>{6, 15}));  // 1+2+3, 4+5+6
  auto cols = EvalOp("Sum", {X23(), Tensor::Scalar<int32_t>(-2)}, {{"keep_dims", true}});
  ASSERT_TRUE(cols.ok()) << cols.status();
  EXPECT_EQ(cols->shape(), (ir::Shape{1, 3}));
  EXPECT_EQ(Values<float>(*cols), (std::vector<float>{5, 7, 9}));
  auto all = EvalOp("Sum", {X23(), T1<int64_t>({0, 1})});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->shape(), (ir::Shape{}));
  EXPECT_EQ(Values<float>(*all), (std::vector<float>{21}));
}

TEST(ReduceTest, NonAdjacentAxes) {
  // x[i][j][k] = 4i + 2j + k over [2,2,2] = 0..7; summing axes 0 and 2
  // leaves j: j=0 -> 0+1+4+5 = 10, j=1 -> 2+3+6+7 = 18.
  Tensor x = Tensor::FromVector<int32_t>({0, 1, 2, 3, 4, 5, 6, 7}, {2, 2, 2});
  auto v = EvalOp("Sum", {x, T1<int32_t>({0, 2})});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Values<int32_t>(*v), (std::vector<int32_t>{10, 18}));
}

TEST(ReduceTest, MeanProdMaxMin) {
  auto mean = EvalOp("Mean", {X23(), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(mean.ok());
  EXPECT_EQ(Values<float>(*mean), (std::vector<float>{2, 5}));
  // Integer mean truncates: (1+2)/2 = 1.
  auto imean = EvalOp("Mean", {T1<int32_t>({1, 2}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(imean.ok());
  EXPECT_EQ(Values<int32_t>(*imean), (std::vector<int32_t>{1}));
  auto prod = EvalOp("Prod", {X23(), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(prod.ok());
  EXPECT_EQ(Values<float>(*prod), (std::vector<float>{4, 10, 18}));
  auto max = EvalOp("Max", {X23(), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(Values<float>(*max), (std::vector<float>{4, 5, 6}));
  auto min = EvalOp("Min", {X23(), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(min.ok());
  EXPECT_EQ(Values<float>(*min), (std::vector<float>{1, 4}));
}

TEST(ReduceTest, AllAny) {
  Tensor b = Tensor::FromVector<bool>({true, false, true, true}, {2, 2});
  auto all = EvalOp("All", {b, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Values<bool>(*all), (std::vector<bool>{false, true}));
  auto any = EvalOp("Any", {b, Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(Values<bool>(*any), (std::vector<bool>{true, true}));
}

TEST(ReduceTest, AxisOutOfRangeIsAnError) {
  auto v = EvalOp("Sum", {X23(), Tensor::Scalar<int32_t>(2)});
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("out of range"), std::string::npos) << v.status();
}

TEST(ReduceTest, L2Loss) {
  // (1 + 4 + 9) / 2 = 7.
  auto v = EvalOp("L2Loss", {T1<float>({1, 2, 3})});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{7}));
}

TEST(ScanTest, ArgMaxArgMin) {
  Tensor x = Tensor::FromVector<float>({1, 9, 3, 7, 2, 8}, {2, 3});
  auto amax = EvalOp("ArgMax", {x, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(amax.ok());
  EXPECT_EQ(amax->dtype(), ir::DType::kInt64);
  EXPECT_EQ(Values<int64_t>(*amax), (std::vector<int64_t>{1, 2}));
  auto amin = EvalOp("ArgMin", {x, Tensor::Scalar<int32_t>(0)},
                     {{"output_type", ir::DType::kInt32}});
  ASSERT_TRUE(amin.ok());
  EXPECT_EQ(Values<int32_t>(*amin), (std::vector<int32_t>{0, 1, 0}));
  // Ties: the first index.
  auto tie = EvalOp("ArgMax", {T1<int32_t>({5, 5}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(tie.ok());
  EXPECT_EQ(Values<int64_t>(*tie), (std::vector<int64_t>{0}));
}

TEST(ScanTest, CumsumVariantsAndCumprod) {
  Tensor x = T1<float>({1, 2, 3, 4});
  auto plain = EvalOp("Cumsum", {x, Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(Values<float>(*plain), (std::vector<float>{1, 3, 6, 10}));
  auto excl = EvalOp("Cumsum", {x, Tensor::Scalar<int32_t>(0)}, {{"exclusive", true}});
  ASSERT_TRUE(excl.ok());
  EXPECT_EQ(Values<float>(*excl), (std::vector<float>{0, 1, 3, 6}));
  auto rev = EvalOp("Cumsum", {x, Tensor::Scalar<int32_t>(0)},
                    {{"exclusive", true}, {"reverse", true}});
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(Values<float>(*rev), (std::vector<float>{9, 7, 4, 0}));
  // Along axis 0 of [[1,2],[3,4]]: [[1,2],[3,8]].
  auto prod = EvalOp("Cumprod", {Tensor::FromVector<int32_t>({1, 2, 3, 4}, {2, 2}),
                                 Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(prod.ok());
  EXPECT_EQ(Values<int32_t>(*prod), (std::vector<int32_t>{1, 2, 3, 8}));
}

TEST(TopKTest, ValuesIndicesAndTies) {
  // Row [3,1,3,2]: the two largest are 3 (index 0) and 3 (index 2).
  auto v = EvalOp("TopKV2", {Tensor::FromVector<float>({3, 1, 3, 2, 0, 5, 4, 1}, {2, 4}),
                             Tensor::Scalar<int32_t>(2)});
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{3, 3, 5, 4}));
  EXPECT_FALSE(EvalOp("TopKV2", {T1<float>({1, 2}), Tensor::Scalar<int32_t>(3)}).ok());
  // Predictions row 0 = [0.1, 0.8, 0.1]: target 1 is the top 1; row 1 =
  // [0.5, 0.2, 0.3]: target 2 (0.3) has one larger value, so not top 1.
  auto in = EvalOp("InTopKV2", {Tensor::FromVector<float>({0.1f, 0.8f, 0.1f, 0.5f, 0.2f, 0.3f},
                                                          {2, 3}),
                                T1<int32_t>({1, 2}), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(Values<bool>(*in), (std::vector<bool>{true, false}));
}

TEST(SegmentTest, SortedAndUnsorted) {
  // Rows [1,2],[3,4],[5,6] with ids [0,0,2]: segment 0 = [4,6], 1 empty, 2 = [5,6].
  Tensor data = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2});
  auto sum = EvalOp("SegmentSum", {data, T1<int32_t>({0, 0, 2})});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(sum->shape(), (ir::Shape{3, 2}));
  EXPECT_EQ(Values<float>(*sum), (std::vector<float>{4, 6, 0, 0, 5, 6}));
  auto mean = EvalOp("SegmentMean", {data, T1<int32_t>({0, 0, 2})});
  ASSERT_TRUE(mean.ok());
  EXPECT_EQ(Values<float>(*mean), (std::vector<float>{2, 3, 0, 0, 5, 6}));
  auto umax = EvalOp("UnsortedSegmentMax",
                     {data, T1<int32_t>({1, 0, 1}), Tensor::Scalar<int32_t>(2)});
  ASSERT_TRUE(umax.ok()) << umax.status();
  EXPECT_EQ(Values<float>(*umax), (std::vector<float>{3, 4, 5, 6}));
  EXPECT_FALSE(EvalOp("SegmentSum", {data, T1<int32_t>({1, 0, 0})}).ok());  // not sorted
}

TEST(GeneratorTest, FillRangeLinSpace) {
  auto fill = EvalOp("Fill", {T1<int32_t>({2, 2}), Tensor::Scalar<float>(1.5f)});
  ASSERT_TRUE(fill.ok()) << fill.status();
  EXPECT_EQ(fill->shape(), (ir::Shape{2, 2}));
  EXPECT_EQ(Values<float>(*fill), (std::vector<float>(4, 1.5f)));
  auto range = EvalOp("Range", {Tensor::Scalar<int32_t>(3), Tensor::Scalar<int32_t>(10),
                                Tensor::Scalar<int32_t>(3)});
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(Values<int32_t>(*range), (std::vector<int32_t>{3, 6, 9}));
  auto down = EvalOp("Range", {Tensor::Scalar<float>(1), Tensor::Scalar<float>(0),
                               Tensor::Scalar<float>(-0.25f)});
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(Values<float>(*down), (std::vector<float>{1, 0.75f, 0.5f, 0.25f}));
  auto lin = EvalOp("LinSpace", {Tensor::Scalar<float>(0), Tensor::Scalar<float>(1),
                                 Tensor::Scalar<int32_t>(5)});
  ASSERT_TRUE(lin.ok()) << lin.status();
  EXPECT_EQ(Values<float>(*lin), (std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1}));
  auto bad = EvalOp("Range", {Tensor::Scalar<int32_t>(0), Tensor::Scalar<int32_t>(5),
                              Tensor::Scalar<int32_t>(0)});
  EXPECT_FALSE(bad.ok());
}

TEST(GeneratorTest, ShapeSizeRankBroadcastToBitcast) {
  auto shape = EvalOp("Shape", {X23()});
  ASSERT_TRUE(shape.ok());
  EXPECT_EQ(Values<int32_t>(*shape), (std::vector<int32_t>{2, 3}));
  auto size = EvalOp("Size", {X23()}, {{"out_type", ir::DType::kInt64}});
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(Values<int64_t>(*size), (std::vector<int64_t>{6}));
  auto rank = EvalOp("Rank", {X23()});
  ASSERT_TRUE(rank.ok());
  EXPECT_EQ(Values<int32_t>(*rank), (std::vector<int32_t>{2}));
  auto bt = EvalOp("BroadcastTo", {T1<float>({1, 2}), T1<int32_t>({3, 2})});
  ASSERT_TRUE(bt.ok()) << bt.status();
  EXPECT_EQ(Values<float>(*bt), (std::vector<float>{1, 2, 1, 2, 1, 2}));
  EXPECT_FALSE(EvalOp("BroadcastTo", {T1<float>({1, 2}), T1<int32_t>({3})}).ok());
  // 1.0f is 0x3f800000.
  auto bits = EvalOp("Bitcast", {T1<float>({1.0f})}, {{"type", ir::DType::kInt32}});
  ASSERT_TRUE(bits.ok()) << bits.status();
  EXPECT_EQ(Values<int32_t>(*bits), (std::vector<int32_t>{0x3f800000}));
}

TEST(NaryTest, AddNSelectClipLeakyRelu) {
  auto sum = EvalOp("AddN", {T1<float>({1, 2}), T1<float>({10, 20}), T1<float>({100, 200})});
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(Values<float>(*sum), (std::vector<float>{111, 222}));
  auto sel = EvalOp("Select", {T1<bool>({true, false}), T1<int32_t>({1, 2}), T1<int32_t>({3, 4})});
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(Values<int32_t>(*sel), (std::vector<int32_t>{1, 4}));
  // SelectV2 broadcasts a scalar condition and a scalar y.
  auto sel2 = EvalOp("SelectV2", {Tensor::Scalar<bool>(false), T1<float>({1, 2}),
                                  Tensor::Scalar<float>(7)});
  ASSERT_TRUE(sel2.ok());
  EXPECT_EQ(Values<float>(*sel2), (std::vector<float>{7, 7}));
  auto clip = EvalOp("ClipByValue", {T1<float>({-5, 0.5f, 5}), Tensor::Scalar<float>(0),
                                     Tensor::Scalar<float>(1)});
  ASSERT_TRUE(clip.ok());
  EXPECT_EQ(Values<float>(*clip), (std::vector<float>{0, 0.5f, 1}));
  auto leaky = EvalOp("LeakyRelu", {T1<float>({-2, 3})}, {{"alpha", 0.5f}});
  ASSERT_TRUE(leaky.ok());
  EXPECT_EQ(Values<float>(*leaky), (std::vector<float>{-1, 3}));
  EXPECT_FALSE(EvalOp("AddN", {T1<float>({1, 2}), T1<int32_t>({1, 2})}).ok());
}

TEST(TableRowTest, ComparisonsLogicAndPredicates) {
  auto le = EvalOp("LessEqual", {T1<int32_t>({1, 2, 3}), Tensor::Scalar<int32_t>(2)});
  ASSERT_TRUE(le.ok());
  EXPECT_EQ(Values<bool>(*le), (std::vector<bool>{true, true, false}));
  auto orr = EvalOp("LogicalOr", {T1<bool>({true, false}), T1<bool>({false, false})});
  ASSERT_TRUE(orr.ok());
  EXPECT_EQ(Values<bool>(*orr), (std::vector<bool>{true, false}));
  const float inf = std::numeric_limits<float>::infinity();
  auto fin = EvalOp("IsFinite", {T1<float>({1, inf, std::nanf("")})});
  ASSERT_TRUE(fin.ok());
  EXPECT_EQ(fin->dtype(), ir::DType::kBool);
  EXPECT_EQ(Values<bool>(*fin), (std::vector<bool>{true, false, false}));
  // TruncateMod keeps the dividend's sign: -7 mod 3 = -1; FloorMod: 2.
  auto tm = EvalOp("TruncateMod", {Tensor::Scalar<int32_t>(-7), Tensor::Scalar<int32_t>(3)});
  ASSERT_TRUE(tm.ok());
  EXPECT_EQ(Values<int32_t>(*tm), (std::vector<int32_t>{-1}));
  auto rint = EvalOp("Rint", {T1<float>({0.5f, 1.5f, -2.5f})});
  ASSERT_TRUE(rint.ok());
  EXPECT_EQ(Values<float>(*rint), (std::vector<float>{0, 2, -2}));
  EXPECT_FALSE(EvalOp("LogicalAnd", {T1<int32_t>({1}), T1<int32_t>({1})}).ok());
  // ReluGrad passes the gradient where the feature is positive; SigmoidGrad
  // at y = 0.5, dy = 2 is 2 * 0.5 * 0.5 = 0.5.
  auto rg = EvalOp("ReluGrad", {T1<float>({5, 5}), T1<float>({-1, 1})});
  ASSERT_TRUE(rg.ok());
  EXPECT_EQ(Values<float>(*rg), (std::vector<float>{0, 5}));
  auto sg = EvalOp("SigmoidGrad", {T1<float>({0.5f}), T1<float>({2})});
  ASSERT_TRUE(sg.ok());
  EXPECT_EQ(Values<float>(*sg), (std::vector<float>{0.5f}));
}

TEST(HalfTest, ConversionsRoundToNearestEven) {
  EXPECT_EQ(rt::ew::HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(rt::ew::HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(rt::ew::HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(rt::ew::FloatToHalf(65504.0f), 0x7bff);               // largest half
  EXPECT_EQ(rt::ew::FloatToHalf(65520.0f), 0x7c00);               // ties up to inf
  // 1 + 2^-11 lies halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01): to even.
  EXPECT_EQ(rt::ew::FloatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
  EXPECT_EQ(rt::ew::FloatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
  EXPECT_EQ(rt::ew::FloatToHalf(std::ldexp(1.0f, -25)), 0x0000);  // tie to even 0
}

TEST(HalfTest, ElementwiseRowsComputeInFloat) {
  // 1 (0x3c00) + 2 (0x4000) = 3 (0x4200); 1 < 2 is true.
  ir::Tensor ha(ir::DType::kHalf, {1}), hb(ir::DType::kHalf, {1});
  ha.data<uint16_t>()[0] = 0x3c00;
  hb.data<uint16_t>()[0] = 0x4000;
  auto sum = EvalOp("Add", {ha, hb});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(sum->dtype(), ir::DType::kHalf);
  EXPECT_EQ(sum->data<uint16_t>()[0], 0x4200);
  EXPECT_EQ(sum->AsDouble(0), 3.0);
  auto less = EvalOp("Less", {ha, hb});
  ASSERT_TRUE(less.ok()) << less.status();
  EXPECT_EQ(Values<bool>(*less), (std::vector<bool>{true}));
}

}  // namespace
}  // namespace tfaot::ops
