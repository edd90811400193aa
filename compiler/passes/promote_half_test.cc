#include "compiler/passes/promote_half.h"

#include <string>
#include <vector>

#include "compiler/ir/test_graph_builder.h"
#include "compiler/passes/fold_constants.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/passes/pipeline.h"
#include "gtest/gtest.h"
#include "runtime/half.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

ir::Tensor Half(const std::vector<float>& values, const ir::Shape& shape) {
  ir::Tensor t(DType::kHalf, shape);
  for (size_t i = 0; i < values.size(); ++i) t.data<uint16_t>()[i] = rt::ew::FloatToHalf(values[i]);
  return t;
}

const ir::Node* Producer(const ir::Node* node, int input) { return node->inputs()[input].node; }

TEST(PromoteHalfTest, MatMulComputesInFloatBetweenCasts) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {2, 3});
  ir::Node* w = b.Placeholder("w", DType::kHalf, {3, 4});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w}, {{"T", DType::kHalf}});
  b.Fetch(mm);
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  EXPECT_EQ(std::get<DType>(mm->attrs().at("T")), DType::kFloat);
  EXPECT_EQ(mm->output(0).dtype, DType::kFloat);
  for (int i = 0; i < 2; ++i) {
    const ir::Node* cast = Producer(mm, i);
    EXPECT_EQ(cast->op(), "Cast");
    EXPECT_EQ(cast->name(), "mm/to_float_" + std::to_string(i));
    EXPECT_EQ(Producer(cast, 0), i == 0 ? x : w);
    EXPECT_EQ(cast->output(0).dtype, DType::kFloat);
  }
  // The fetch keeps its name and dtype and reads the rounded result.
  ASSERT_EQ(b.graph().fetches().size(), 1u);
  const ir::Fetch& f = b.graph().fetches()[0];
  EXPECT_EQ(f.name, "mm");
  EXPECT_EQ(f.value.node->name(), "mm/to_half");
  EXPECT_EQ(f.value.node->op(), "Cast");
  EXPECT_EQ(Producer(f.value.node, 0), mm);
  EXPECT_EQ(f.value.node->output(0).dtype, DType::kHalf);
  EXPECT_EQ(f.value.node->output(0).shape, (ir::Shape{2, 4}));
  // Everything is inferred already; infer-shapes agrees.
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  EXPECT_EQ(f.value.node->output(0).dtype, DType::kHalf);
}

TEST(PromoteHalfTest, IntegerOperandsStayAndOnlyHalfInputsAreCast) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {2, 3});
  ir::Node* axis = b.Const<int32_t>("axis", {1}, {1});
  ir::Node* sum = b.Op("sum", "Sum", {x, axis},
                       {{"T", DType::kHalf}, {"Tidx", DType::kInt32}, {"keep_dims", false}});
  b.Fetch(sum);
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  EXPECT_EQ(Producer(sum, 0)->name(), "sum/to_float");
  EXPECT_EQ(Producer(sum, 1), axis);
  EXPECT_EQ(std::get<DType>(sum->attrs().at("Tidx")), DType::kInt32);
  EXPECT_EQ(b.graph().fetches()[0].value.node->name(), "sum/to_half");
  EXPECT_EQ(b.graph().fetches()[0].value.node->output(0).shape, (ir::Shape{2}));
}

TEST(PromoteHalfTest, OpsThatTakeHalfAreLeftAlone) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {4});
  ir::Node* relu = b.Op("relu", "Relu", {b.Op("add", "AddV2", {x, x}, {{"T", DType::kHalf}})},
                        {{"T", DType::kHalf}});
  b.Fetch(relu);
  const int before = b.graph().num_nodes();
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  EXPECT_EQ(b.graph().num_nodes(), before);
  EXPECT_EQ(relu->output(0).dtype, DType::kHalf);
  EXPECT_EQ(b.graph().fetches()[0].value.node, relu);
}

TEST(PromoteHalfTest, FloatOnlyOutputsOfBatchNormStayFloat) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {1, 2, 2, 3});
  std::vector<ir::Node*> params;
  for (const char* name : {"scale", "offset", "mean", "var"})
    params.push_back(b.Const<float>(name, {1, 2, 3}, {3}));
  ir::Node* bn = b.Op("bn", "FusedBatchNormV3", {x, params[0], params[1], params[2], params[3]},
                      {{"T", DType::kHalf}, {"U", DType::kFloat}, {"is_training", false},
                       {"epsilon", 0.001f}, {"data_format", std::string("NHWC")}});
  b.Fetch({bn, 0}, "y");
  b.Fetch({bn, 1}, "batch_mean");
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  EXPECT_EQ(Producer(bn, 0)->name(), "bn/to_float");
  for (int i = 1; i < 5; ++i) EXPECT_EQ(Producer(bn, i), params[i - 1]);  // float already
  EXPECT_EQ(b.graph().fetches()[0].value.node->name(), "bn/to_half");
  EXPECT_EQ(b.graph().fetches()[0].value.node->output(0).dtype, DType::kHalf);
  // TensorFlow types batch_mean U (float) for half inputs too.
  EXPECT_EQ(b.graph().fetches()[1].value.node, bn);
  EXPECT_EQ(b.graph().fetches()[1].value.node->output(1).dtype, DType::kFloat);
  EXPECT_EQ(b.graph().FindNode("bn/to_half_1"), nullptr);
}

TEST(PromoteHalfTest, FloatOutputsOfResizeAndCropStayFloat) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {1, 3, 4, 2});
  ir::Node* size = b.Const<int32_t>("size", {5, 7}, {2});
  ir::Node* resize = b.Op("resize", "ResizeBilinear", {x, size},
                          {{"T", DType::kHalf}, {"align_corners", false},
                           {"half_pixel_centers", true}});
  b.Fetch(resize);
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  EXPECT_EQ(Producer(resize, 0)->name(), "resize/to_float");
  // TensorFlow's ResizeBilinear returns float for half images too.
  EXPECT_EQ(b.graph().fetches()[0].value.node, resize);
  EXPECT_EQ(resize->output(0).dtype, DType::kFloat);
  EXPECT_EQ(b.graph().FindNode("resize/to_half"), nullptr);
}

TEST(PromoteHalfTest, OpsThatTakeNeitherHalfNorFloatKeepTheirError) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {3});
  ir::Node* div = b.Op("div", "TruncateDiv", {x, x}, {{"T", DType::kHalf}});  // integers only
  b.Fetch(div);
  GraphBuilder plain;
  ir::Node* px = plain.Placeholder("x", DType::kHalf, {3});
  plain.Fetch(plain.Op("div", "TruncateDiv", {px, px}, {{"T", DType::kHalf}}));
  const absl::Status want = InferShapes(plain.graph());
  ASSERT_FALSE(want.ok());
  const absl::Status got = PromoteHalf(b.graph());
  EXPECT_EQ(got, want);  // the error infer-shapes gives without the pass
  EXPECT_NE(got.message().find("half"), std::string::npos) << got.message();
}

TEST(PromoteHalfTest, ConstantsFoldThroughAndRoundOnceAtTheEnd) {
  // [2048, 1, 1] . [1, 1, 1]: in float 2050, which half holds. Adding in half
  // would round 2048 + 1 back to 2048 (ties to even) twice and give 2048.
  GraphBuilder b;
  ir::Node* a = b.ConstTensor("a", Half({2048, 1, 1}, {1, 3}));
  ir::Node* c = b.ConstTensor("c", Half({1, 1, 1}, {3, 1}));
  ir::Node* mm = b.Op("mm", "MatMul", {a, c}, {{"T", DType::kHalf}});
  b.Fetch(mm);
  ASSERT_TRUE(PromoteHalf(b.graph()).ok());
  ASSERT_TRUE(InferShapes(b.graph()).ok());
  ASSERT_TRUE(FoldConstants(b.graph()).ok());
  const ir::Node* result = b.graph().fetches()[0].value.node;
  EXPECT_EQ(result->op(), "Const");
  ASSERT_NE(result->output(0).constant, nullptr);
  const ir::Tensor& t = *result->output(0).constant;
  ASSERT_EQ(t.dtype(), DType::kHalf);
  EXPECT_EQ(t.shape(), (ir::Shape{1, 1}));
  EXPECT_EQ(t.data<uint16_t>()[0], rt::ew::FloatToHalf(2050.0f));
}

TEST(PromoteHalfTest, RoundingBetweenPromotedOpsSurvivesThePipeline) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kHalf, {2, 3});
  ir::Node* w = b.Placeholder("w", DType::kHalf, {3, 4});
  ir::Node* mm = b.Op("mm", "MatMul", {x, w}, {{"T", DType::kHalf}});
  ir::Node* sm = b.Op("sm", "Softmax", {mm}, {{"T", DType::kHalf}});
  b.Fetch(sm, "probs");
  ASSERT_TRUE(RunPipeline(b.graph(), {}).ok());
  // mm/to_half then sm/to_float: both steps are still there (in one fused loop).
  std::vector<std::string> casts;
  for (const auto& n : b.graph().nodes()) {
    if (n->op() == "Cast") casts.push_back(n->name());
    for (const ir::FusedStep& step : n->fused_steps())
      if (step.op == "Cast") casts.push_back(step.node_name);
  }
  EXPECT_NE(std::find(casts.begin(), casts.end(), "mm/to_half"), casts.end());
  EXPECT_NE(std::find(casts.begin(), casts.end(), "sm/to_float"), casts.end());
  EXPECT_EQ(b.graph().fetches()[0].name, "probs");
  EXPECT_EQ(b.graph().fetches()[0].value.node->output(0).dtype, DType::kHalf);
}

}  // namespace
}  // namespace tfaot::passes
