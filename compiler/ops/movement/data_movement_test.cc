// Shape and data-movement ops: hand-computed results of the shape rules and
// evaluators (the generated code calls the same runtime functions).
#include <cstring>
#include <string>
#include <vector>

#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::DType;
using ir::Shape;
using ir::Tensor;

template <typename T>
Tensor T2(const std::vector<T>& v, Shape shape) {
  return Tensor::FromVector<T>(v, std::move(shape));
}
Tensor I32(const std::vector<int32_t>& v) { return T1<int32_t>(v); }
Tensor F(const std::vector<float>& v) { return T1<float>(v); }

// Every output of `op` (EvalOp gives only output 0).
absl::StatusOr<std::vector<Tensor>> EvalAll(const std::string& op,
                                            const std::vector<Tensor>& inputs,
                                            ir::AttrMap attrs = {}) {
  ir::GraphBuilder b;
  std::vector<ir::In> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Node* c = b.ConstTensor("in" + std::to_string(i), inputs[i]);
    if (auto s = FindOp("Const")->infer(*c); !s.ok()) return s;
    ins.push_back(c);
  }
  ir::Node* node = b.Op("node", op, ins, std::move(attrs));
  if (auto s = FindOp(op)->infer(*node); !s.ok()) return s;
  std::vector<const Tensor*> in_ptrs;
  for (int i = 0; i < node->num_inputs(); ++i) in_ptrs.push_back(node->input_constant(i));
  std::vector<Tensor> out;
  if (auto s = FindOp(op)->eval(*node, in_ptrs, out); !s.ok()) return s;
  for (int i = 0; i < node->num_outputs(); ++i)
    if (out[i].shape() != node->output(i).shape) return absl::InternalError("shape mismatch");
  return out;
}

bool HasError(const absl::Status& s, const std::string& text) {
  return !s.ok() && std::string(s.message()).find(text) != std::string::npos;
}

TEST(ShapeOpsTest, ExpandDimsAndSqueeze) {
  auto e = EvalOp("ExpandDims", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3}), I32({-1})});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->shape(), (Shape{2, 3, 1}));
  auto s = EvalOp("Squeeze", {T2<float>({1, 2}, {1, 2, 1})});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->shape(), (Shape{2}));
  auto bad = EvalOp("Squeeze", {T2<float>({1, 2}, {1, 2, 1})},
                    {{"squeeze_dims", std::vector<int64_t>{1}}});
  EXPECT_TRUE(HasError(bad.status(), "its size is not 1")) << bad.status();
}

TEST(ShapeOpsTest, TransposeSliceTileReverse) {
  Tensor x = T2<int32_t>({1, 2, 3, 4, 5, 6}, {2, 3});
  auto t = EvalOp("Transpose", {x, I32({1, 0})});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->shape(), (Shape{3, 2}));
  EXPECT_EQ(Values<int32_t>(*t), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
  auto bad = EvalOp("Transpose", {x, I32({1, 1})});
  EXPECT_TRUE(HasError(bad.status(), "not a permutation")) << bad.status();

  std::vector<int32_t> v(12);
  for (int i = 0; i < 12; ++i) v[i] = i;
  auto sl = EvalOp("Slice", {T2<int32_t>(v, {3, 4}), I32({1, 1}), I32({2, -1})});
  ASSERT_TRUE(sl.ok()) << sl.status();
  EXPECT_EQ(Values<int32_t>(*sl), (std::vector<int32_t>{5, 6, 7, 9, 10, 11}));

  auto tile = EvalOp("Tile", {T2<float>({1, 2}, {1, 2}), I32({2, 2})});
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_EQ(tile->shape(), (Shape{2, 4}));
  EXPECT_EQ(Values<float>(*tile), (std::vector<float>{1, 2, 1, 2, 1, 2, 1, 2}));

  auto rev = EvalOp("ReverseV2", {x, I32({1})});
  ASSERT_TRUE(rev.ok()) << rev.status();
  EXPECT_EQ(Values<int32_t>(*rev), (std::vector<int32_t>{3, 2, 1, 6, 5, 4}));
}

TEST(ShapeOpsTest, TileNeedsConstantMultiples) {
  ir::GraphBuilder b;
  ir::Node* x = b.Const<float>("x", {1, 2}, {2});
  ir::Node* m = b.Placeholder("m", DType::kInt32, {1});
  ir::Node* tile = b.Op("tile", "Tile", {x, m});
  ASSERT_TRUE(FindOp("Const")->infer(*x).ok());
  ASSERT_TRUE(FindOp("Placeholder")->infer(*m).ok());
  absl::Status s = FindOp("Tile")->infer(*tile);
  EXPECT_TRUE(HasError(s, "must be known at compile time")) << s;
}

// x[i] with i known only at run time (a loop counter): shape from the
// shrunk axes alone; the evaluator (the region interpreter's) reads the
// index's value, and an index outside the input gives zeros.
TEST(StridedSliceTest, RunTimeIndexOfShrunkAxes) {
  ir::GraphBuilder b;
  ir::Node* x = b.ConstTensor("x", T2<float>({1, 2, 3, 4, 5, 6}, {3, 2}));
  ir::Node* begin = b.Placeholder("begin", DType::kInt32, {1});
  ir::Node* end = b.Placeholder("end", DType::kInt32, {1});
  ir::Node* strides = b.ConstTensor("strides", I32({1}));
  ir::Node* slice = b.Op("slice", "StridedSlice", {x, begin, end, strides},
                         {{"shrink_axis_mask", int64_t{1}}});
  for (ir::Node* n : {x, begin, end, strides})
    ASSERT_TRUE(FindOp(n->op())->infer(*n).ok()) << n->name();
  const OpDef* op = FindOp("StridedSlice");
  ASSERT_TRUE(op->infer(*slice).ok());
  EXPECT_EQ(slice->output(0).shape, (Shape{2}));
  Tensor values = T2<float>({1, 2, 3, 4, 5, 6}, {3, 2});
  for (auto [index, want] : {std::pair<int32_t, std::vector<float>>{1, {3, 4}},
                             {-1, {5, 6}}, {3, {0, 0}}}) {
    Tensor i = I32({index}), e = I32({index + 1}), s = I32({1});
    std::vector<Tensor> out;
    ASSERT_TRUE(op->eval(*slice, {&values, &i, &e, &s}, out).ok());
    EXPECT_EQ(Values<float>(out[0]), want) << "index " << index;
  }
  // Without the shrink the size would depend on the run-time values.
  slice->attrs()["shrink_axis_mask"] = int64_t{0};
  absl::Status s = op->infer(*slice);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("must be known at compile time"), std::string::npos)
      << s;
}

TEST(StridedSliceTest, NegativeStrideMasksEllipsisNewAxis) {
  std::vector<int32_t> v(12);
  for (int i = 0; i < 12; ++i) v[i] = i;
  Tensor x10 = T1<int32_t>(std::vector<int32_t>(v.begin(), v.begin() + 10));
  // x[8:1:-3] = 8, 5, 2
  auto a = EvalOp("StridedSlice", {x10, I32({8}), I32({1}), I32({-3})});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(Values<int32_t>(*a), (std::vector<int32_t>{8, 5, 2}));
  // x[::-1] with both masks: 9 .. 0
  auto r = EvalOp("StridedSlice", {x10, I32({0}), I32({0}), I32({-1})},
                  {{"begin_mask", int64_t{1}}, {"end_mask", int64_t{1}}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Values<int32_t>(*r), (std::vector<int32_t>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  Tensor x = T2<int32_t>(v, {3, 4});
  // x[:, 1] = 1, 5, 9
  auto col = EvalOp("StridedSlice", {x, I32({0, 1}), I32({0, 2}), I32({1, 1})},
                    {{"begin_mask", int64_t{1}}, {"end_mask", int64_t{1}},
                     {"shrink_axis_mask", int64_t{2}}});
  ASSERT_TRUE(col.ok()) << col.status();
  EXPECT_EQ(col->shape(), (Shape{3}));
  EXPECT_EQ(Values<int32_t>(*col), (std::vector<int32_t>{1, 5, 9}));
  // x[-1] = 8, 9, 10, 11
  auto last = EvalOp("StridedSlice", {x, I32({-1}), I32({0}), I32({1})},
                     {{"shrink_axis_mask", int64_t{1}}});
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(Values<int32_t>(*last), (std::vector<int32_t>{8, 9, 10, 11}));
  // x[..., newaxis, 2:] has shape [3, 1, 2]: 2, 3, 6, 7, 10, 11
  auto na = EvalOp("StridedSlice", {x, I32({0, 0, 2}), I32({0, 0, 4}), I32({1, 1, 1})},
                   {{"ellipsis_mask", int64_t{1}}, {"new_axis_mask", int64_t{2}}});
  ASSERT_TRUE(na.ok()) << na.status();
  EXPECT_EQ(na->shape(), (Shape{3, 1, 2}));
  EXPECT_EQ(Values<int32_t>(*na), (std::vector<int32_t>{2, 3, 6, 7, 10, 11}));
  auto oob = EvalOp("StridedSlice", {x, I32({3}), I32({4}), I32({1})},
                    {{"shrink_axis_mask", int64_t{1}}});
  EXPECT_TRUE(HasError(oob.status(), "out of bounds")) << oob.status();
}

TEST(PadTest, ConstantAndMirrorModes) {
  auto p = EvalOp("Pad", {F({1, 2}), T2<int32_t>({1, 2}, {1, 2})});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(Values<float>(*p), (std::vector<float>{0, 1, 2, 0, 0}));
  auto p2 = EvalOp("PadV2", {F({1, 2}), T2<int32_t>({1, 1}, {1, 2}), Tensor::Scalar<float>(9)});
  ASSERT_TRUE(p2.ok()) << p2.status();
  EXPECT_EQ(Values<float>(*p2), (std::vector<float>{9, 1, 2, 9}));
  auto reflect = EvalOp("MirrorPad", {F({1, 2, 3}), T2<int32_t>({2, 1}, {1, 2})},
                        {{"mode", std::string("REFLECT")}});
  ASSERT_TRUE(reflect.ok()) << reflect.status();
  EXPECT_EQ(Values<float>(*reflect), (std::vector<float>{3, 2, 1, 2, 3, 2}));
  auto sym = EvalOp("MirrorPad", {F({1, 2, 3}), T2<int32_t>({2, 1}, {1, 2})},
                    {{"mode", std::string("SYMMETRIC")}});
  ASSERT_TRUE(sym.ok()) << sym.status();
  EXPECT_EQ(Values<float>(*sym), (std::vector<float>{2, 1, 1, 2, 3, 3}));
  // 2-D: the corner comes from mirroring rows after columns.
  auto m2 = EvalOp("MirrorPad", {T2<float>({1, 2, 3, 4}, {2, 2}),
                                 T2<int32_t>({1, 0, 0, 1}, {2, 2})},
                   {{"mode", std::string("REFLECT")}});
  ASSERT_TRUE(m2.ok()) << m2.status();
  EXPECT_EQ(Values<float>(*m2), (std::vector<float>{3, 4, 3, 1, 2, 1, 3, 4, 3}));
  auto bad = EvalOp("MirrorPad", {F({1, 2}), T2<int32_t>({2, 0}, {1, 2})},
                    {{"mode", std::string("REFLECT")}});
  EXPECT_TRUE(HasError(bad.status(), "exceed")) << bad.status();
}

TEST(ConcatSplitTest, ConcatPackSplitUnpack) {
  auto c = EvalOp("ConcatV2", {T2<float>({1, 2}, {2, 1}), T2<float>({3, 4, 5, 6}, {2, 2}),
                               Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(*c), (std::vector<float>{1, 3, 4, 2, 5, 6}));
  auto p = EvalOp("Pack", {F({1, 2}), F({3, 4})}, {{"axis", int64_t{1}}});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(Values<float>(*p), (std::vector<float>{1, 3, 2, 4}));
  auto mismatch = EvalOp("ConcatV2", {F({1, 2}), T2<float>({1, 2}, {1, 2}),
                                      Tensor::Scalar<int32_t>(0)});
  EXPECT_TRUE(HasError(mismatch.status(), "does not match")) << mismatch.status();

  auto s = EvalAll("Split", {Tensor::Scalar<int32_t>(0), F({1, 2, 3, 4})},
                   {{"num_split", int64_t{2}}});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(Values<float>((*s)[1]), (std::vector<float>{3, 4}));
  auto sv = EvalAll("SplitV", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3}), I32({1, -1}),
                               Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(sv.ok()) << sv.status();
  EXPECT_EQ((*sv)[1].shape(), (Shape{2, 2}));
  EXPECT_EQ(Values<float>((*sv)[1]), (std::vector<float>{2, 3, 5, 6}));
  auto u = EvalAll("Unpack", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3})}, {{"axis", int64_t{1}}});
  ASSERT_TRUE(u.ok()) << u.status();
  ASSERT_EQ(u->size(), 3u);
  EXPECT_EQ(Values<float>((*u)[2]), (std::vector<float>{3, 6}));
}

TEST(GatherTest, GatherBatchDimsGatherNdOneHot) {
  auto g = EvalOp("Gather", {T2<float>({1, 2, 3, 4, 5, 6}, {3, 2}), I32({2, 0})});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Values<float>(*g), (std::vector<float>{5, 6, 1, 2}));
  auto gb = EvalOp("GatherV2", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3}),
                                T2<int32_t>({2, 0}, {2, 1}), Tensor::Scalar<int32_t>(1)},
                   {{"batch_dims", int64_t{1}}});
  ASSERT_TRUE(gb.ok()) << gb.status();
  EXPECT_EQ(gb->shape(), (Shape{2, 1}));
  EXPECT_EQ(Values<float>(*gb), (std::vector<float>{3, 4}));
  auto bad = EvalOp("GatherV2", {F({1, 2, 3}), I32({3}), Tensor::Scalar<int32_t>(0)});
  EXPECT_TRUE(HasError(bad.status(), "out of range")) << bad.status();
  auto nd = EvalOp("GatherNd", {T2<float>({1, 2, 3, 4}, {2, 2}), T2<int32_t>({1, 0, 0, 1}, {2, 2})});
  ASSERT_TRUE(nd.ok()) << nd.status();
  EXPECT_EQ(Values<float>(*nd), (std::vector<float>{3, 2}));
  auto oh = EvalOp("OneHot", {I32({0, 2}), Tensor::Scalar<int32_t>(3), Tensor::Scalar<float>(5),
                              Tensor::Scalar<float>(0)});
  ASSERT_TRUE(oh.ok()) << oh.status();
  EXPECT_EQ(oh->shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(*oh), (std::vector<float>{5, 0, 0, 0, 0, 5}));
}

TEST(SpaceBatchTest, BlocksAndDepth) {
  // [1, 2, 1] padded to [0, 1, 2, 0]: offset 0 takes 0, 2; offset 1 takes 1, 0.
  auto s2b = EvalOp("SpaceToBatchND", {T2<float>({1, 2}, {1, 2, 1}), I32({2}),
                                       T2<int32_t>({1, 1}, {1, 2})});
  ASSERT_TRUE(s2b.ok()) << s2b.status();
  EXPECT_EQ(s2b->shape(), (Shape{2, 2, 1}));
  EXPECT_EQ(Values<float>(*s2b), (std::vector<float>{0, 2, 1, 0}));
  auto b2s = EvalOp("BatchToSpaceND", {T2<float>({0, 2, 1, 0}, {2, 2, 1}), I32({2}),
                                       T2<int32_t>({1, 1}, {1, 2})});
  ASSERT_TRUE(b2s.ok()) << b2s.status();
  EXPECT_EQ(b2s->shape(), (Shape{1, 2, 1}));
  EXPECT_EQ(Values<float>(*b2s), (std::vector<float>{1, 2}));
  auto nchw = EvalOp("SpaceToDepth", {T2<float>({1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 2, 2})},
                     {{"block_size", int64_t{2}}, {"data_format", std::string("NCHW")}});
  ASSERT_TRUE(nchw.ok()) << nchw.status();
  EXPECT_EQ(nchw->shape(), (Shape{1, 8, 1, 1}));
  EXPECT_EQ(Values<float>(*nchw), (std::vector<float>{1, 5, 2, 6, 3, 7, 4, 8}));
  auto d2s = EvalOp("DepthToSpace", {T2<float>({1, 5, 2, 6, 3, 7, 4, 8}, {1, 8, 1, 1})},
                    {{"block_size", int64_t{2}}, {"data_format", std::string("NCHW")}});
  ASSERT_TRUE(d2s.ok()) << d2s.status();
  EXPECT_EQ(Values<float>(*d2s), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
  auto bad = EvalOp("SpaceToDepth", {T2<float>({1, 2, 3}, {1, 3, 1, 1})},
                    {{"block_size", int64_t{2}}});
  EXPECT_TRUE(HasError(bad.status(), "divisible")) << bad.status();
}

TEST(MatrixTest, DiagonalsBandRollReverseSequence) {
  auto d = EvalOp("MatrixDiag", {F({1, 2})});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Values<float>(*d), (std::vector<float>{1, 0, 0, 2}));
  auto part = EvalOp("MatrixDiagPart", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3})});
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(Values<float>(*part), (std::vector<float>{1, 5}));
  auto set = EvalOp("MatrixSetDiag", {T2<float>({1, 2, 3, 4}, {2, 2}), F({7, 8})});
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(Values<float>(*set), (std::vector<float>{7, 2, 3, 8}));
  auto dp = EvalOp("DiagPart", {T2<float>({1, 2, 3, 4}, {2, 2})});
  ASSERT_TRUE(dp.ok()) << dp.status();
  EXPECT_EQ(Values<float>(*dp), (std::vector<float>{1, 4}));
  auto band = EvalOp("MatrixBandPart", {T2<float>(std::vector<float>(9, 1), {3, 3}),
                                        Tensor::Scalar<int64_t>(0), Tensor::Scalar<int64_t>(1)});
  ASSERT_TRUE(band.ok()) << band.status();
  EXPECT_EQ(Values<float>(*band), (std::vector<float>{1, 1, 0, 0, 1, 1, 0, 0, 1}));
  auto roll = EvalOp("Roll", {F({1, 2, 3, 4, 5}), Tensor::Scalar<int32_t>(2),
                              Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(roll.ok()) << roll.status();
  EXPECT_EQ(Values<float>(*roll), (std::vector<float>{4, 5, 1, 2, 3}));
  auto rs = EvalOp("ReverseSequence", {T2<float>({1, 2, 3, 4, 5, 6}, {2, 3}), I32({2, 3})},
                   {{"seq_dim", int64_t{1}}, {"batch_dim", int64_t{0}}});
  ASSERT_TRUE(rs.ok()) << rs.status();
  EXPECT_EQ(Values<float>(*rs), (std::vector<float>{2, 1, 3, 6, 5, 4}));
}

TEST(ValueShapedTest, WhereUniqueListDiff) {
  auto w = EvalOp("Where", {Tensor::FromVector<bool>({true, false, false, true}, {2, 2})});
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->shape(), (Shape{2, 2}));
  EXPECT_EQ(Values<int64_t>(*w), (std::vector<int64_t>{0, 0, 1, 1}));
  auto u = EvalAll("Unique", {F({1, 1, 2})});
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(Values<float>((*u)[0]), (std::vector<float>{1, 2}));
  EXPECT_EQ(Values<int32_t>((*u)[1]), (std::vector<int32_t>{0, 0, 1}));
  auto l = EvalAll("ListDiff", {I32({1, 2, 3, 4}), I32({2, 4})});
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(Values<int32_t>((*l)[0]), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(Values<int32_t>((*l)[1]), (std::vector<int32_t>{0, 2}));
}

TEST(StitchPartitionTest, StitchPartitionInvert) {
  auto s = EvalOp("DynamicStitch", {I32({0, 2}), I32({1}), F({10, 30}), F({20})});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(Values<float>(*s), (std::vector<float>{10, 20, 30}));
  auto p = EvalAll("DynamicPartition", {F({10, 20, 30}), I32({1, 0, 1})},
                   {{"num_partitions", int64_t{2}}});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(Values<float>((*p)[0]), (std::vector<float>{20}));
  EXPECT_EQ(Values<float>((*p)[1]), (std::vector<float>{10, 30}));
  auto inv = EvalOp("InvertPermutation", {I32({2, 0, 1})});
  ASSERT_TRUE(inv.ok()) << inv.status();
  EXPECT_EQ(Values<int32_t>(*inv), (std::vector<int32_t>{1, 2, 0}));
  auto bad = EvalOp("DynamicPartition", {F({1}), I32({3})}, {{"num_partitions", int64_t{2}}});
  EXPECT_TRUE(HasError(bad.status(), "out of range")) << bad.status();
}

TEST(ImagePatchesTest, SameAndValid) {
  // 3x3 single-channel image 1..9, 2x2 patches, stride 1.
  Tensor img = T2<float>({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 3, 1});
  ir::AttrMap attrs = {{"ksizes", std::vector<int64_t>{1, 2, 2, 1}},
                       {"strides", std::vector<int64_t>{1, 1, 1, 1}},
                       {"rates", std::vector<int64_t>{1, 1, 1, 1}},
                       {"padding", std::string("VALID")}};
  auto v = EvalOp("ExtractImagePatches", {img}, attrs);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->shape(), (Shape{1, 2, 2, 4}));
  EXPECT_EQ(Values<float>(*v), (std::vector<float>{1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}));
  // SAME pads one row and column at the end (total padding 1, top/left 0).
  attrs["padding"] = std::string("SAME");
  auto s = EvalOp("ExtractImagePatches", {img}, attrs);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->shape(), (Shape{1, 3, 3, 4}));
  std::vector<float> got = Values<float>(*s);
  // Last patch (2, 2): 9 and three zeros; patch (0, 2): 3, 0, 6, 0.
  EXPECT_EQ(std::vector<float>(got.end() - 4, got.end()), (std::vector<float>{9, 0, 0, 0}));
  EXPECT_EQ(std::vector<float>(got.begin() + 8, got.begin() + 12),
            (std::vector<float>{3, 0, 6, 0}));
}

TEST(ShapeOpsTest, HalfMovesAsBits) {
  Tensor h(DType::kHalf, {2, 2});
  uint16_t bits[] = {0x3c00, 0x4000, 0x4200, 0x4400};  // 1, 2, 3, 4
  std::memcpy(h.raw(), bits, sizeof(bits));
  auto t = EvalOp("Transpose", {h, I32({1, 0})});
  ASSERT_TRUE(t.ok()) << t.status();
  const uint16_t* out = reinterpret_cast<const uint16_t*>(t->raw());
  EXPECT_EQ(std::vector<uint16_t>(out, out + 4), (std::vector<uint16_t>{0x3c00, 0x4200, 0x4000, 0x4400}));
}

}  // namespace
}  // namespace tfaot::ops
