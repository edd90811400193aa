#include "compiler/passes/infer_shapes.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

// Folding larger results would bloat the generated binary more than it
// saves; such values are computed at run time instead.
constexpr int64_t kMaxFoldedBytes = 16 << 20;

absl::Status CheckOpsSupported(const ir::Graph& graph) {
  std::map<std::string, std::vector<std::string>> unsupported;  // op -> nodes
  const ir::Node* first = nullptr;
  for (const auto& node : graph.nodes()) {
    if (ops::FindOp(node->op())) continue;
    if (!first) first = node.get();
    unsupported[node->op()].push_back(node->name());
  }
  if (!first) return absl::OkStatus();
  std::string message = absl::StrCat(first->Describe(), ": op '", first->op(),
                                     "' is not supported by tfaotc");
  if (unsupported.size() > 1 || unsupported.begin()->second.size() > 1) {
    std::vector<std::string> all;
    for (const auto& [op, nodes] : unsupported)
      all.push_back(absl::StrCat(op, " (", nodes.size(), " node", nodes.size() > 1 ? "s" : "",
                                 ")"));
    absl::StrAppend(&message, "; unsupported ops needed by the fetches: ",
                    absl::StrJoin(all, ", "));
  }
  absl::StrAppend(&message, ". Run `tfaotc --list-ops` for the supported ops");
  return absl::UnimplementedError(message);
}

absl::Status Evaluate(ir::Node& node, const ops::OpDef& op) {
  int64_t bytes = 0;
  for (const ir::Value& v : node.outputs()) bytes += ir::NumElements(v.shape) * ir::DTypeSize(v.dtype);
  if (bytes > kMaxFoldedBytes) return absl::OkStatus();
  std::vector<const ir::Tensor*> inputs;
  for (int i = 0; i < node.num_inputs(); ++i) inputs.push_back(node.input_constant(i));
  std::vector<ir::Tensor> results;
  if (auto s = op.eval(node, inputs, results); !s.ok()) return s;
  if (static_cast<int>(results.size()) != node.num_outputs())
    return absl::InternalError(node.Describe() + ": evaluator returned the wrong output count");
  for (int i = 0; i < node.num_outputs(); ++i) {
    if (results[i].shape() != node.output(i).shape || results[i].dtype() != node.output(i).dtype)
      return absl::InternalError(absl::StrCat(node.Describe(), ": evaluator output ", i,
                                              " disagrees with the inferred type"));
    node.output(i).constant = std::make_shared<ir::Tensor>(std::move(results[i]));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status InferNode(ir::Node& node) {
  const ops::OpDef& op = *ops::FindOp(node.op());
  int referenced_outputs = node.num_outputs();
  if (auto s = op.infer(node); !s.ok()) return s;
  // Readers and fetches sized the outputs; the shape rule set those it has.
  int produced = 0;
  while (produced < node.num_outputs() && node.output(produced).shape_known) ++produced;
  if (produced < referenced_outputs)
    return node.Error(absl::StrCat("output ", referenced_outputs - 1, " (", node.name(), ":",
                                   referenced_outputs - 1, ") is read, but the op has only ",
                                   produced, produced == 1 ? " output" : " outputs", " here"));
  for (int i = 0; i < node.num_outputs(); ++i) {
    const ir::Value& v = node.output(i);
    if (!ir::IsSupportedDType(v.dtype))
      return absl::UnimplementedError(node.Describe() + ": dtype " + ir::DTypeName(v.dtype) +
                                      " is not supported");
    // Sizes are checked before anything is allocated or planned for them.
    if (v.shape_known && ir::CheckedByteSize(v.dtype, v.shape) < 0) {
      bool negative = std::any_of(v.shape.begin(), v.shape.end(), [](int64_t d) { return d < 0; });
      return node.Error(absl::StrCat(
          "output ", i, " would have shape ", ir::ShapeToString(v.shape), " of ",
          ir::DTypeName(v.dtype),
          negative ? ": a negative dimension (check the op's shape and size operands)"
                   : ": more than the 64 GiB tfaotc supports for one tensor"));
    }
  }
  bool all_constant = op.eval != nullptr && op.op_class != ops::OpClass::kSource;
  for (int i = 0; i < node.num_inputs() && all_constant; ++i)
    all_constant = node.input_constant(i) != nullptr;
  bool already_known = node.num_outputs() > 0;
  for (const ir::Value& v : node.outputs()) already_known &= v.constant != nullptr;
  if (all_constant && !already_known)
    if (auto s = Evaluate(node, op); !s.ok()) return s;
  return absl::OkStatus();
}

absl::Status InferShapes(ir::Graph& graph) {
  if (auto s = CheckOpsSupported(graph); !s.ok()) return s;
  for (const auto& node : graph.nodes())
    if (auto s = InferNode(*node); !s.ok()) return s;
  return absl::OkStatus();
}

}  // namespace tfaot::passes
