// TensorArrays as values (tensor_array.h): each op's shape rule and
// reference evaluator on hand-worked arrays; the element shape learned from
// the first write; indices outside the array.
#include "compiler/ops/control/tensor_array.h"

#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/op_test_util.h"
#include "gtest/gtest.h"

namespace tfaot::ops {
namespace {

using ir::DType;
using ir::Tensor;

ir::AttrMap Typed(DType t, const char* key = "dtype") { return {{key, t}}; }

// [3, 2] float array holding rows 1 2 / 3 4 / 5 6.
Tensor Array() { return Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2}); }

TEST(TensorArrayTest, NewArrayIsZerosOfSizeAndElementShape) {
  ir::AttrMap attrs = Typed(DType::kFloat);
  attrs["element_shape"] = ir::PartialShape{false, {2, 2}};
  auto a = EvalOp("TensorArrayV3", {Tensor::Scalar<int32_t>(3)}, attrs);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->shape(), (ir::Shape{3, 2, 2}));
  EXPECT_EQ(Values<float>(*a), std::vector<float>(12, 0.f));
}

TEST(TensorArrayTest, DynamicSizeIsUnsupported) {
  ir::AttrMap attrs = Typed(DType::kFloat);
  attrs["element_shape"] = ir::PartialShape{false, {2}};
  attrs["dynamic_size"] = true;
  auto a = EvalOp("TensorArrayV3", {Tensor::Scalar<int32_t>(3)}, attrs);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(std::string(a.status().message()).find("dynamic_size"), std::string::npos);
}

TEST(TensorArrayTest, WriteReplacesOneElementAndSkipsAnIndexOutside) {
  auto w = EvalOp("TensorArrayWriteV3",
                  {Array(), Tensor::Scalar<int32_t>(1), T1<float>({9, 8})}, Typed(DType::kFloat, "T"));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(Values<float>(*w), (std::vector<float>{1, 2, 9, 8, 5, 6}));
  auto outside = EvalOp("TensorArrayWriteV3", {Array(), Tensor::Scalar<int32_t>(3), T1<float>({9, 8})});
  ASSERT_TRUE(outside.ok());
  EXPECT_EQ(Values<float>(*outside), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(TensorArrayTest, WriteOfTheWrongShapeNamesTheArray) {
  auto w = EvalOp("TensorArrayWriteV3", {Array(), Tensor::Scalar<int32_t>(1), T1<float>({9, 8, 7})});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().message(),
            "node 'node' (TensorArrayWriteV3): writes elements of shape [3] into TensorArray "
            "'in0' of float[3,2]");
}

TEST(TensorArrayTest, ReadAndGatherPickElements) {
  auto r = EvalOp("TensorArrayReadV3", {Array(), Tensor::Scalar<int32_t>(2)}, Typed(DType::kFloat));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->shape(), (ir::Shape{2}));
  EXPECT_EQ(Values<float>(*r), (std::vector<float>{5, 6}));
  auto g = EvalOp("TensorArrayGatherV3", {Array(), T1<int32_t>({2, 0, 7, 2})});
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->shape(), (ir::Shape{4, 2}));
  // Index 7 is outside: zeros, as compiled code gives them.
  EXPECT_EQ(Values<float>(*g), (std::vector<float>{5, 6, 1, 2, 0, 0, 5, 6}));
  auto wrong = EvalOp("TensorArrayReadV3", {Array(), Tensor::Scalar<int32_t>(0)}, Typed(DType::kInt32));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(std::string(wrong.status().message()).find("is typed int32 but the TensorArray holds float"),
            std::string::npos);
}

TEST(TensorArrayTest, ScatterWritesRowsAtIndices) {
  auto s = EvalOp("TensorArrayScatterV3",
                  {Array(), T1<int32_t>({2, 0}),
                   Tensor::FromVector<float>({7, 7, 8, 8}, {2, 2})});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(Values<float>(*s), (std::vector<float>{8, 8, 3, 4, 7, 7}));
}

TEST(TensorArrayTest, SplitCutsEqualPiecesAndRefusesUnequalOnes) {
  Tensor value = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2});
  auto s = EvalOp("TensorArraySplitV3",
                  {Tensor(DType::kFloat, {3, 1, 2}), value, T1<int64_t>({1, 1, 1})});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->shape(), (ir::Shape{3, 1, 2}));
  EXPECT_EQ(Values<float>(*s), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  auto unequal = EvalOp("TensorArraySplitV3",
                        {Tensor(DType::kFloat, {2, 1, 2}), value, T1<int64_t>({1, 2})});
  ASSERT_FALSE(unequal.ok());
  EXPECT_NE(std::string(unequal.status().message()).find("pieces of different lengths"),
            std::string::npos);
}

TEST(TensorArrayTest, ConcatJoinsElementsAlongTheirFirstAxisAndSizeIsStatic) {
  auto c = EvalOp("TensorArrayConcatV3", {Array()});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->shape(), (ir::Shape{6}));
  EXPECT_EQ(Values<float>(*c), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  auto size = EvalOp("TensorArraySizeV3", {Array()});
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->data<int32_t>()[0], 3);
}

// A TensorArrayV3 without element_shape learns it from its first write.
TEST(TensorArrayTest, ElementShapeComesFromTheFirstWrite) {
  ir::GraphBuilder b;
  ir::Node* size = b.Scalar<int32_t>("size", 4);
  ir::Node* ta = b.Op("ta", "TensorArrayV3", {size}, Typed(DType::kFloat));
  ir::Node* value = b.Placeholder("v", DType::kFloat, {2, 3});
  ir::Node* write = b.Op("w", "TensorArrayWriteV3", {ta, b.Scalar<int32_t>("i", 1), value});
  for (const auto& n : b.graph().nodes()) ASSERT_TRUE(FindOp(n->op())->infer(*n).ok()) << n->name();
  EXPECT_EQ(write->output(0).shape, (ir::Shape{4, 2, 3}));
  EXPECT_TRUE(ta->output(0).shape_known);
  EXPECT_EQ(ta->output(0).shape, (ir::Shape{4, 2, 3}));
  ASSERT_NE(ta->output(0).constant, nullptr);  // zeros until written
  EXPECT_EQ(ta->output(0).constant->num_elements(), 24);
}

TEST(TensorArrayTest, ReadBeforeAnyWriteOfAnUnknownElementShapeIsAnError) {
  ir::GraphBuilder b;
  ir::Node* ta = b.Op("ta", "TensorArrayV3", {b.Scalar<int32_t>("size", 4)}, Typed(DType::kFloat));
  ir::Node* read = b.Op("r", "TensorArrayReadV3", {ta, b.Scalar<int32_t>("i", 0)});
  for (const auto& n : b.graph().nodes()) {
    if (n.get() != read) {
      ASSERT_TRUE(FindOp(n->op())->infer(*n).ok()) << n->name();
    }
  }
  EXPECT_FALSE(ta->output(0).shape_known);
  absl::Status s = FindOp("TensorArrayReadV3")->infer(*read);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'r' (TensorArrayReadV3): reads TensorArray 'ta' whose element shape is not "
            "known: it has no element_shape and nothing is written to it before; give the "
            "TensorArray an element_shape");
}

// Each shape rule's refusal, by the message a user sees.
std::string ErrorOf(const std::string& op, const std::vector<Tensor>& inputs,
                    ir::AttrMap attrs = {}) {
  auto r = EvalOp(op, inputs, std::move(attrs));
  EXPECT_FALSE(r.ok()) << op;
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(TensorArrayErrorTest, SizeMustBeANonNegativeScalar) {
  ir::AttrMap attrs = Typed(DType::kFloat);
  attrs["element_shape"] = ir::PartialShape{false, {2}};
  EXPECT_EQ(ErrorOf("TensorArrayV3", {T1<int32_t>({3, 3})}, attrs),
            "node 'node' (TensorArrayV3): size must be a scalar");
  EXPECT_EQ(ErrorOf("TensorArrayV3", {Tensor::Scalar<int32_t>(-1)}, attrs),
            "node 'node' (TensorArrayV3): size is negative (-1)");
}

TEST(TensorArrayErrorTest, InputZeroMustBeAnArray) {
  EXPECT_EQ(ErrorOf("TensorArrayReadV3", {Tensor::Scalar<float>(1), Tensor::Scalar<int32_t>(0)},
                    Typed(DType::kFloat)),
            "node 'node' (TensorArrayReadV3): input 0 is not a TensorArray");
}

TEST(TensorArrayErrorTest, IndicesOfTheWrongRank) {
  EXPECT_EQ(ErrorOf("TensorArrayReadV3", {Array(), T1<int32_t>({0})}, Typed(DType::kFloat)),
            "node 'node' (TensorArrayReadV3): index must be a scalar");
  EXPECT_EQ(ErrorOf("TensorArrayWriteV3", {Array(), T1<int32_t>({0}), T1<float>({9, 8})}),
            "node 'node' (TensorArrayWriteV3): index must be a scalar");
  EXPECT_EQ(ErrorOf("TensorArrayGatherV3", {Array(), Tensor::Scalar<int32_t>(0)}),
            "node 'node' (TensorArrayGatherV3): indices must be a vector");
  EXPECT_EQ(ErrorOf("TensorArrayScatterV3",
                    {Array(), Tensor::Scalar<int32_t>(0), T1<float>({9, 8})}),
            "node 'node' (TensorArrayScatterV3): indices must be a vector");
}

TEST(TensorArrayErrorTest, WritesOfTheWrongDTypeOrCount) {
  EXPECT_EQ(ErrorOf("TensorArrayWriteV3", {Array(), Tensor::Scalar<int32_t>(0), T1<int32_t>({9, 8})}),
            "node 'node' (TensorArrayWriteV3): writes int32 into a TensorArray of float");
  EXPECT_EQ(ErrorOf("TensorArrayScatterV3",
                    {Array(), T1<int32_t>({0, 1}), Tensor::FromVector<float>({1, 2}, {1, 2})}),
            "node 'node' (TensorArrayScatterV3): scatters [1,2] by 2 indices");
}

TEST(TensorArrayErrorTest, SplitLengthsMustFitTheArrayAndTheValue) {
  Tensor value = Tensor::FromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2});
  EXPECT_EQ(ErrorOf("TensorArraySplitV3", {Tensor(DType::kFloat, {3, 1, 2}), value, T1<int64_t>({1, 2})}),
            "node 'node' (TensorArraySplitV3): splits [3,2] into 2 pieces for 3 elements");
  EXPECT_EQ(ErrorOf("TensorArraySplitV3",
                    {Tensor(DType::kFloat, {2, 1, 2}), value, T1<int64_t>({1, 1})}),
            "node 'node' (TensorArraySplitV3): lengths sum to 2 but the value has 3 rows");
}

TEST(TensorArrayErrorTest, ConcatNeedsElementsWithAnAxis) {
  EXPECT_EQ(ErrorOf("TensorArrayConcatV3", {T1<float>({1, 2, 3})}, Typed(DType::kFloat)),
            "node 'node' (TensorArrayConcatV3): concatenates scalars; its elements need a first "
            "axis");
}

}  // namespace
}  // namespace tfaot::ops
