#include "compiler/passes/infer_shapes.h"

#include "compiler/ir/region.h"
#include "compiler/ir/test_graph_builder.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;
using ir::Shape;

bool Contains(const absl::Status& s, const std::string& text) {
  return std::string(s.message()).find(text) != std::string::npos;
}

TEST(InferShapesTest, BroadcastingAddGivesTheBroadcastShape) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3});
  ir::Node* bias = b.Const<float>("bias", {1, 2, 3}, {3});
  ir::Node* add = b.Op("add", "Add", {x, bias});
  ir::Node* col = b.Placeholder("col", DType::kFloat, {4, 1, 1});
  ir::Node* add2 = b.Op("add2", "Mul", {col, add});
  b.Fetch(add2);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(add->output(0).dtype, DType::kFloat);
  EXPECT_EQ(add->output(0).shape, (Shape{2, 3}));
  EXPECT_EQ(add2->output(0).shape, (Shape{4, 2, 3}));
  EXPECT_EQ(add->output(0).constant, nullptr);  // depends on a feed
  EXPECT_NE(bias->output(0).constant, nullptr);
}

TEST(InferShapesTest, EvaluatesNodesWhoseInputsAreConstant) {
  GraphBuilder b;
  ir::Node* c1 = b.Const<int32_t>("c1", {1, 2}, {2});
  ir::Node* c2 = b.Const<int32_t>("c2", {10, 20}, {2});
  ir::Node* add = b.Op("add", "Add", {c1, c2});
  b.Fetch(add);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_NE(add->output(0).constant, nullptr);
  EXPECT_EQ(add->output(0).constant->ToInt64Vector(), (std::vector<int64_t>{11, 22}));
}

TEST(InferShapesTest, ReshapeTakesItsShapeFromAConstantWithMinusOne) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3, 4});
  ir::Node* target = b.Const<int32_t>("target", {-1, 4}, {2});
  ir::Node* r = b.Op("r", "Reshape", {x, target});
  b.Fetch(r);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(r->output(0).shape, (Shape{6, 4}));
}

TEST(InferShapesTest, UnknownOpNamesNodeAndOpAndListOps) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* w = b.Op("weird", "FrobnicateV7", {x});
  b.Fetch(w);
  absl::Status s = InferShapes(b.graph());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(Contains(s, "node 'weird'")) << s;
  EXPECT_TRUE(Contains(s, "FrobnicateV7")) << s;
  EXPECT_TRUE(Contains(s, "--list-ops")) << s;
}

TEST(InferShapesTest, DtypeMismatchNamesTheNode) {
  GraphBuilder b;
  ir::Node* i = b.Placeholder("i", DType::kInt32, {2});
  ir::Node* f = b.Placeholder("f", DType::kFloat, {2});
  b.Fetch(b.Op("mixed", "Add", {i, f}));
  absl::Status s = InferShapes(b.graph());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(s, "node 'mixed' (Add)")) << s;
  EXPECT_TRUE(Contains(s, "int32")) << s;
  EXPECT_TRUE(Contains(s, "float")) << s;
}

TEST(InferShapesTest, IncompatibleBroadcastNamesBothShapes) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2, 3});
  ir::Node* y = b.Placeholder("y", DType::kFloat, {4});
  b.Fetch(b.Op("add", "Add", {x, y}));
  absl::Status s = InferShapes(b.graph());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "node 'add' (Add): shapes [2,3] and [4] are not broadcast-compatible");
}

TEST(InferShapesTest, PlaceholderWithoutStaticShapeSaysWhichFieldToFill) {
  GraphBuilder b;
  ir::Node* x = b.PartialPlaceholder("x", DType::kFloat, ir::PartialShape{false, {-1, 4}});
  b.Fetch(b.Op("neg", "Neg", {x}));
  absl::Status s = InferShapes(b.graph());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(s, "node 'x'")) << s;
  EXPECT_TRUE(Contains(s, "shape")) << s;
  EXPECT_TRUE(Contains(s, "[?,4]")) << s;
}

TEST(InferShapesTest, ReadingAMissingOutputIsAnError) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* neg = b.Op("neg", "Neg", {x});
  b.Fetch(b.Op("use", "Exp", {ir::In(neg, 1)}));
  absl::Status s = InferShapes(b.graph());
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(Contains(s, "node 'neg'")) << s;
}

TEST(InferShapesTest, MatMulShapesAndInnerDimensionError) {
  GraphBuilder b;
  ir::Node* a = b.Placeholder("a", DType::kFloat, {2, 3});
  ir::Node* w = b.Placeholder("w", DType::kFloat, {2, 4});
  ir::Node* mm = b.Op("mm", "MatMul", {a, w}, {{"transpose_a", true}});
  b.Fetch(mm);
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(mm->output(0).shape, (Shape{3, 4}));

  GraphBuilder bad;
  ir::Node* a2 = bad.Placeholder("a", DType::kFloat, {2, 3});
  ir::Node* w2 = bad.Placeholder("w", DType::kFloat, {2, 4});
  bad.Fetch(bad.Op("mm", "MatMul", {a2, w2}));
  absl::Status s = InferShapes(bad.graph());
  EXPECT_TRUE(Contains(s, "node 'mm' (MatMul): inner dimensions differ")) << s;
}

// while i < 3: i, acc = i + 1, body(acc), with `grow` choosing a body that
// doubles acc's length instead of keeping it.
ir::Node* Loop(GraphBuilder& b, ir::In acc0, bool grow) {
  GraphBuilder cond;
  ir::Node* i = cond.Arg("i");
  cond.Arg("acc");
  cond.Fetch(cond.Op("less", "Less", {i, cond.Scalar<int32_t>("three", 3)}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* acc = body.Arg("acc");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)}));
  body.Fetch(grow ? body.Op("twice", "ConcatV2", {acc, acc, body.Scalar<int32_t>("axis", 0)})
                  : body.Op("twice", "Add", {acc, acc}));
  ir::Node* loop = b.Op("loop", ir::kWhileOp, {b.Scalar<int32_t>("zero", 0), acc0},
                        {{"carried", int64_t{2}}, {"frame_name", std::string("loop/ctx")}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  return loop;
}

TEST(InferShapesTest, RegionsAreTypedFromTheOperands) {
  GraphBuilder b;
  ir::Node* loop = Loop(b, b.Placeholder("x", DType::kFloat, {2}), /*grow=*/false);
  b.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(loop->output(1).shape, (Shape{2}));
  const ir::Graph& body = loop->region(ir::kBodyRegion);
  EXPECT_EQ(body.feeds()[1].node->output(0).shape, (Shape{2}));
  EXPECT_EQ(body.FindNode("twice")->output(0).dtype, DType::kFloat);
  // The carried counter is not a constant inside the loop, although it starts as one.
  EXPECT_EQ(body.feeds()[0].node->output(0).constant, nullptr);
  EXPECT_EQ(loop->output(1).constant, nullptr);  // x is fed
}

TEST(InferShapesTest, LoopValueThatChangesShapeIsAnErrorNamingTheLoop) {
  GraphBuilder b;
  ir::Node* loop = Loop(b, b.Placeholder("x", DType::kFloat, {2}), /*grow=*/true);
  b.Fetch({loop, 1}, "out");
  absl::Status s = InferShapes(b.graph());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'loop' (While): loop value 1 ('acc') enters the loop as float[2] but the body "
            "makes it float[4] ('twice'); tfaotc compiles loops whose values keep their dtype "
            "and shape from one iteration to the next");
}

TEST(InferShapesTest, BranchesOfDifferentShapesAreAnError) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  GraphBuilder then_region, else_region;
  ir::Node* t = then_region.Arg("x");
  then_region.Fetch(then_region.Op("same", "Neg", {t}));
  ir::Node* e = else_region.Arg("x");
  else_region.Fetch(
      else_region.Op("longer", "ConcatV2", {e, e, else_region.Scalar<int32_t>("axis", 0)}));
  ir::Node* node = b.Op("cond", ir::kIfOp, {b.Placeholder("p", DType::kBool, {}), x});
  node->outputs().resize(1);
  node->AddRegion("then", then_region.Release());
  node->AddRegion("else", else_region.Release());
  b.Fetch(node);
  absl::Status s = InferShapes(b.graph());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'cond' (If): result 0 is float[2] ('same') when the predicate is true and "
            "float[4] ('longer') when it is false; tfaotc needs one static type for both "
            "branches");
}

// ta = TensorArray(size 3) without element_shape; for i < 3: ta = ta.write(i, x).
TEST(InferShapesTest, LoopCarriedTensorArrayTakesTheElementShapeOfItsWrite) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* ta = b.Op("ta", "TensorArrayV3", {b.Scalar<int32_t>("size", 3)},
                      {{"dtype", DType::kFloat}});
  GraphBuilder cond;
  ir::Node* ci = cond.Arg("i");
  cond.Arg("ta");
  cond.Arg("x");
  cond.Fetch(cond.Op("less", "Less", {ci, cond.Scalar<int32_t>("three", 3)}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* bta = body.Arg("ta");
  ir::Node* bx = body.Arg("x");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)}));
  ir::Node* write = body.Op("write", "TensorArrayWriteV3", {bta, bi, bx});
  body.Fetch(write);
  ir::Node* loop = b.Op("loop", ir::kWhileOp, {b.Scalar<int32_t>("zero", 0), ta, x},
                        {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  b.Fetch(b.Op("stack", "TensorArrayGatherV3", {ir::In(loop, 1), b.Const<int32_t>("all", {0, 1, 2}, {3})}));
  absl::Status s = InferShapes(b.graph());
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(ta->output(0).shape, (Shape{3, 2}));
  EXPECT_EQ(bta->output(0).shape, (Shape{3, 2}));
  EXPECT_TRUE(bta->output(0).shape_known);
  EXPECT_EQ(write->output(0).shape, (Shape{3, 2}));
  EXPECT_EQ(loop->output(1).shape, (Shape{3, 2}));
  EXPECT_EQ(b.graph().FindNode("stack")->output(0).shape, (Shape{3, 2}));
}

// The loop carries the array of unknown element shape without writing it, so
// the first write comes after the loop, on the While's output: the shape
// cannot be given back to the TensorArrayV3 node from there.
TEST(InferShapesTest, FirstWriteAfterALoopThatCarriesTheArrayIsAnError) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* ta = b.Op("ta", "TensorArrayV3", {b.Scalar<int32_t>("size", 3)},
                      {{"dtype", DType::kFloat}});
  GraphBuilder cond;
  ir::Node* ci = cond.Arg("i");
  cond.Arg("ta");
  cond.Fetch(cond.Op("less", "Less", {ci, cond.Scalar<int32_t>("three", 3)}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* bta = body.Arg("ta");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)}));
  body.Fetch(bta);
  ir::Node* loop = b.Op("loop", ir::kWhileOp, {b.Scalar<int32_t>("zero", 0), ta},
                        {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  ir::Node* write =
      b.Op("write", "TensorArrayWriteV3", {ir::In(loop, 1), b.Scalar<int32_t>("i", 0), x});
  b.Fetch(b.Op("read", "TensorArrayReadV3", {write, b.Scalar<int32_t>("j", 0)}));
  absl::Status s = InferShapes(b.graph());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.message()),
            "node 'write' (TensorArrayWriteV3): writes a TensorArray whose element shape tfaotc "
            "cannot tell (it comes from 'loop', not from a TensorArrayV3 node); give the "
            "TensorArray an element_shape");
}

TEST(InferShapesTest, ReadingAnUnwrittenTensorArrayOfUnknownElementShapeIsAnError) {
  GraphBuilder b;
  ir::Node* ta = b.Op("ta", "TensorArrayV3", {b.Scalar<int32_t>("size", 3)},
                      {{"dtype", DType::kFloat}});
  b.Fetch(b.Op("read", "TensorArrayReadV3", {ta, b.Scalar<int32_t>("i", 0)}));
  absl::Status s = InferShapes(b.graph());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "node 'read' (TensorArrayReadV3): reads TensorArray 'ta' whose element shape is not "
            "known here: it has no element_shape and nothing is written to it before; give the "
            "TensorArray an element_shape");
}

}  // namespace
}  // namespace tfaot::passes
