#include "compiler/passes/canonicalize.h"

#include <cstring>

#include "compiler/ir/region.h"
#include "compiler/passes/pass_util.h"

namespace tfaot::passes {

namespace {

// [rows, cols] -> [cols, rows].
ir::Tensor Transposed(const ir::Tensor& t) {
  const int64_t rows = t.shape()[0], cols = t.shape()[1];
  const int64_t elem = ir::DTypeSize(t.dtype());
  ir::Tensor out(t.dtype(), {cols, rows});
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      std::memcpy(out.raw() + (c * rows + r) * elem, t.raw() + (r * cols + c) * elem, elem);
  return out;
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status CanonicalizeOneGraph(ir::Graph& graph) {
  std::vector<ir::Node*> nodes;
  for (const auto& node : graph.nodes()) nodes.push_back(node.get());
  for (ir::Node* node : nodes) {
    // Constant weights stored [N, K] (transpose_b) are transposed once at
    // compile time so the kernel streams them row by row.
    if (node->op() == "MatMul" && node->GetBoolOr("transpose_b", false) &&
        node->input_constant(1)) {
      ir::Node* w = InsertConst(graph, node, node->inputs()[1].node->name() + "/transposed",
                                Transposed(*node->input_constant(1)));
      node->inputs()[1] = {w, 0};
      node->attrs()["transpose_b"] = false;
    }
  }
  for (ir::Node* node : nodes) {
    // Select(c, x, y) with a vector c picking rows of a higher-rank x is
    // SelectV2(Reshape(c, [n, 1, ..., 1]), x, y): numpy broadcasting, which
    // the fused loops implement.
    if (node->op() == "Select" && node->input_value(0).shape.size() == 1 &&
        node->input_value(1).shape.size() > 1) {
      const ir::Value& x = node->input_value(1);
      ir::Shape rows(x.shape.size(), 1);
      rows[0] = x.shape[0];
      ir::Tensor target(ir::DType::kInt64, {static_cast<int64_t>(rows.size())});
      for (size_t i = 0; i < rows.size(); ++i) target.data<int64_t>()[i] = rows[i];
      ir::Node* shape = InsertConst(graph, node, node->name() + "/rows_shape", std::move(target));
      ir::Node* reshape =
          graph.InsertNodeBefore(node, graph.UniqueName(node->name() + "/rows"), "Reshape");
      reshape->inputs() = {node->inputs()[0], {shape, 0}};
      reshape->attrs()["T"] = node->input_value(0).dtype;
      reshape->attrs()["Tshape"] = ir::DType::kInt64;
      reshape->SetOutput(0, node->input_value(0).dtype, rows);
      node->inputs()[0] = {reshape, 0};
      node->set_op("SelectV2");
    }
  }
  for (const auto& node : graph.nodes()) {
    // NHWC BiasAdd is numpy broadcasting along the last axis: an AddV2 that
    // the fusion pass can merge with the activation that follows.
    if (node->op() == "BiasAdd" && node->GetStringOr("data_format", "NHWC").rfind("NC", 0) != 0) {
      node->set_op("AddV2");
      node->attrs().clear();
    }
  }
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

absl::Status Canonicalize(ir::Graph& graph) { return ir::ForEachGraph(graph, CanonicalizeOneGraph); }

}  // namespace tfaot::passes
