#include "compiler/passes/promote_half.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/infer_shapes.h"

namespace tfaot::passes {
namespace {

using ir::DType;

bool IsHalfAttr(const ir::AttrValue& v) {
  if (const auto* t = std::get_if<DType>(&v)) return *t == DType::kHalf;
  if (const auto* l = std::get_if<std::vector<DType>>(&v))
    return std::count(l->begin(), l->end(), DType::kHalf) > 0;
  return false;
}

// Every half value comes from a node with a half dtype attribute (Placeholder,
// Const, Cast, or an op typed T=DT_HALF).
bool MentionsHalf(const ir::Graph& graph) {
  for (const auto& node : graph.nodes())
    for (const auto& [key, value] : node->attrs())
      if (IsHalfAttr(value)) return true;
  return false;
}

// Whether TensorFlow gives output `i` of a half `op` as half. Most ops type
// every floating output T; these type some outputs with another attribute
// that is float for half inputs too.
bool OutputIsHalfInTensorFlow(const std::string& op, int i) {
  // FusedBatchNormV2/V3: y is T; batch_mean/variance and the reserve spaces are U (float).
  if (op.rfind("FusedBatchNorm", 0) == 0) return i == 0;
  // ResizeBilinear/Bicubic/Area and CropAndResize return float for every input dtype.
  if (op == "ResizeBilinear" || op == "ResizeBicubic" || op == "ResizeArea" ||
      op == "CropAndResize")
    return false;
  return true;
}

size_t IndexOf(const ir::Graph& graph, const ir::Node* node) {
  const auto& nodes = graph.nodes();
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].get() == node) return i;
  return nodes.size();
}

ir::Node* NewCast(ir::Graph& graph, const ir::Node* before, const std::string& name,
                  ir::ValueRef from, DType src, DType dst) {
  ir::Node* cast = before ? graph.InsertNodeBefore(before, graph.UniqueName(name), "Cast")
                          : graph.AddNode(graph.UniqueName(name), "Cast");
  cast->inputs() = {from};
  cast->attrs()["SrcT"] = src;
  cast->attrs()["DstT"] = dst;
  cast->attrs()["Truncate"] = false;
  return cast;
}

// Rewrites `node` (its half inference failed) to compute in float. Casts to
// float are inserted (and inferred) before it; casts back to half right after
// it, for the caller's walk to infer. Fails when the op refuses float too.
absl::Status Promote(ir::Graph& graph, ir::Node* node) {
  std::vector<int> half_inputs;
  for (int i = 0; i < node->num_inputs(); ++i)
    if (node->input_value(i).dtype == DType::kHalf) half_inputs.push_back(i);
  for (int i : half_inputs) {
    std::string name = node->name() + "/to_float";
    if (half_inputs.size() > 1) absl::StrAppend(&name, "_", i);
    ir::Node* cast = NewCast(graph, node, name, node->inputs()[i], DType::kHalf, DType::kFloat);
    if (auto s = InferNode(*cast); !s.ok()) return s;
    node->inputs()[i] = {cast, 0};
  }
  for (auto& [key, value] : node->attrs()) {
    if (auto* t = std::get_if<DType>(&value); t && *t == DType::kHalf) *t = DType::kFloat;
    if (auto* l = std::get_if<std::vector<DType>>(&value))
      std::replace(l->begin(), l->end(), DType::kHalf, DType::kFloat);
  }
  if (auto s = InferNode(*node); !s.ok()) return s;
  const size_t at = IndexOf(graph, node);
  for (int k = node->num_outputs() - 1; k >= 0; --k) {
    if (node->output(k).dtype != DType::kFloat || !OutputIsHalfInTensorFlow(node->op(), k))
      continue;
    const ir::Node* next = at + 1 < graph.nodes().size() ? graph.nodes()[at + 1].get() : nullptr;
    std::string name = node->name() + "/to_half";
    if (k > 0) absl::StrAppend(&name, "_", k);
    ir::Node* cast = NewCast(graph, next, name, {node, k}, DType::kFloat, DType::kHalf);
    graph.ReplaceAllUses({node, k}, {cast, 0});
    cast->inputs()[0] = {node, k};
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PromoteHalf(ir::Graph& graph) {
  if (!MentionsHalf(graph)) return absl::OkStatus();
  // The to_half casts of one promoted op and the to_float casts of the next
  // stay: TensorFlow rounds every op's result to half, so Cast(float->half)
  // followed by Cast(half->float) is a rounding step, not a no-op, and no pass
  // may fold the pair away (fusion keeps both in one loop).
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    ir::Node* node = graph.nodes()[i].get();
    // infer-shapes, next, names unsupported ops; nothing after them is inferred here.
    if (!ops::FindOp(node->op())) return absl::OkStatus();
    absl::Status status = InferNode(*node);
    if (status.ok()) continue;
    bool half_input = false;
    for (int k = 0; k < node->num_inputs(); ++k)
      half_input |= node->input_value(k).dtype == DType::kHalf;
    if (!half_input) return status;
    // Only an op that takes float is promoted; otherwise its half error stands.
    if (!Promote(graph, node).ok()) return status;
    i = IndexOf(graph, node);
  }
  graph.RemoveDeadNodes();  // to_half casts of outputs nothing reads
  return absl::OkStatus();
}

}  // namespace tfaot::passes
