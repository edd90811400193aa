#include "compiler/passes/pipeline.h"

#include <algorithm>
#include <sstream>

#include "compiler/ir/test_graph_builder.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

// x * y + b with b a frozen variable read through Identity: the mul_add seed.
void BuildMulAdd(GraphBuilder& b) {
  ir::Node* x = b.Placeholder("x", DType::kInt32, {});
  ir::Node* y = b.Placeholder("y", DType::kInt32, {});
  ir::Node* c = b.Scalar<int32_t>("b", 1);
  ir::Node* read = b.Op("b/read", "Identity", {c});
  ir::Node* mul = b.Op("mul", "Mul", {x, y});
  b.Fetch(b.Op("op_to_store", "Add", {mul, read}), "result");
}

TEST(PipelineTest, PassNamesInOrder) {
  // The orderings the passes rely on (others may be inserted between them):
  // pruning first, shapes before anything reads them, folding and rewrites
  // before fusion, fetch copies before planning, planning last.
  std::vector<std::string> names = PassNames();
  auto at = [&](const std::string& pass) {
    auto it = std::find(names.begin(), names.end(), pass);
    EXPECT_NE(it, names.end()) << pass;
    return it - names.begin();
  };
  EXPECT_EQ(at("prune"), 0);
  EXPECT_LT(at("prune"), at("promote-half"));
  EXPECT_LT(at("promote-half"), at("infer-shapes"));
  EXPECT_LT(at("infer-shapes"), at("fold-constants"));
  EXPECT_LT(at("fold-constants"), at("canonicalize"));
  EXPECT_LT(at("canonicalize"), at("fuse-elementwise"));
  EXPECT_LT(at("fuse-elementwise"), at("materialize-fetches"));
  EXPECT_LT(at("materialize-fetches"), at("plan-memory"));
  EXPECT_EQ(at("plan-memory"), static_cast<long>(names.size()) - 1);
}

TEST(PipelineTest, MulAddBecomesOneFusedLoopOnAPlannedArena) {
  GraphBuilder b;
  BuildMulAdd(b);
  ASSERT_TRUE(RunPipeline(b.graph(), {}).ok());
  int fused = 0;
  for (const auto& n : b.graph().nodes()) fused += n->op() == "Fused";
  EXPECT_EQ(fused, 1);
  EXPECT_EQ(b.graph().FindNode("b/read"), nullptr);
  const ir::Node* root = b.graph().fetches()[0].value.node;
  ASSERT_EQ(root->op(), "Fused");
  ASSERT_EQ(root->fused_steps().size(), 2u);
  EXPECT_EQ(root->fused_steps()[0].node_name, "mul");
  EXPECT_EQ(root->fused_steps()[1].node_name, "op_to_store");
  // x, y, result: three int32 scalars, each in its own 64-byte slot.
  EXPECT_EQ(b.graph().arena_bytes(), 192);
}

TEST(PipelineTest, PrintAfterPrintsOnlyTheNamedPass) {
  GraphBuilder b;
  BuildMulAdd(b);
  std::ostringstream out;
  PipelineOptions options;
  options.print_after = {"fuse-elementwise"};
  options.print_to = &out;
  ASSERT_TRUE(RunPipeline(b.graph(), options).ok());
  std::string text = out.str();
  EXPECT_EQ(text.find("IR after prune"), std::string::npos);
  EXPECT_NE(text.find("// -----// IR after fuse-elementwise //----- //\n"), std::string::npos);
  EXPECT_NE(text.find("%op_to_store = Fused(%x, %y, %b) [s0=Mul(in0,in1); s1=Add(s0,in2)]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fetch result = %op_to_store"), std::string::npos) << text;
}

TEST(PipelineTest, PrintAfterAllPrintsEveryPassInOrder) {
  GraphBuilder b;
  BuildMulAdd(b);
  std::ostringstream out;
  PipelineOptions options;
  options.print_after_all = true;
  options.print_to = &out;
  ASSERT_TRUE(RunPipeline(b.graph(), options).ok());
  size_t at = 0;
  for (const std::string& pass : PassNames()) {
    size_t found = out.str().find("IR after " + pass + " ", at);
    ASSERT_NE(found, std::string::npos) << pass;
    at = found;
  }
}

TEST(PipelineTest, StopAfterStops) {
  GraphBuilder b;
  BuildMulAdd(b);
  PipelineOptions options;
  options.stop_after = "infer-shapes";
  ASSERT_TRUE(RunPipeline(b.graph(), options).ok());
  EXPECT_NE(b.graph().FindNode("mul"), nullptr);  // not fused yet
  EXPECT_EQ(b.graph().FindNode("mul")->op(), "Mul");
  EXPECT_EQ(b.graph().arena_bytes(), 0);  // not planned
}

TEST(PipelineTest, ErrorsFromAPassStopThePipeline) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  b.Fetch(b.Op("bad", "NotAnOp", {x}));
  absl::Status s = RunPipeline(b.graph(), {});
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(s.message().find("node 'bad' (NotAnOp)"), std::string::npos) << s;
}

TEST(PipelineTest, BrokenInputGraphIsCaughtByTheVerifier) {
  GraphBuilder b;
  ir::Node* x = b.Placeholder("x", DType::kFloat, {2});
  ir::Node* neg = b.Op("neg", "Neg", {x});
  neg->inputs()[0].index = 3;  // x has one output
  b.Fetch(neg);
  absl::Status s = RunPipeline(b.graph(), {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace tfaot::passes
