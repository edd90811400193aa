#include "compiler/passes/infer_shapes.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ir/region.h"
#include "compiler/ops/control/tensor_array.h"
#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

// Folding larger results would bloat the generated binary more than it
// saves; such values are computed at run time instead.
constexpr int64_t kMaxFoldedBytes = 16 << 20;

absl::Status CheckOpsSupported(const ir::Graph& graph) {
  std::map<std::string, std::vector<std::string>> unsupported;  // op -> nodes
  const ir::Node* first = nullptr;
  ir::ForEachGraph(graph, [&](const ir::Graph& g) {
    for (const auto& node : g.nodes()) {
      if (ops::FindOp(node->op())) continue;
      if (!first) first = node.get();
      unsupported[node->op()].push_back(node->name());
    }
  });
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

std::string TypeOf(const ir::Value& v) {
  return ir::DTypeName(v.dtype) + (v.shape_known ? ir::ShapeToString(v.shape) : "[?]");
}

bool SameType(const ir::Value& a, const ir::Value& b) {
  return a.dtype == b.dtype && a.shape_known == b.shape_known && a.shape == b.shape;
}

// Gives block argument `arg` the type of `v`, and its constant when `v`'s
// value is the same in every run of the region.
void TypeArg(ir::Node& arg, const ir::Value& v, bool with_constant) {
  ir::Value& out = arg.output(0);
  out.dtype = v.dtype;
  out.shape = v.shape;
  out.shape_known = v.shape_known;
  out.constant = with_constant ? v.constant : nullptr;
}

absl::Status InferGraph(ir::Graph& graph) {
  for (const auto& node : graph.nodes())
    if (auto s = InferNode(*node); !s.ok()) return s;
  return absl::OkStatus();
}

// Types the regions' arguments from the operands and infers the regions. A
// loop's carried arguments start as the initial values' types; the body must
// yield the same types back.
absl::Status InferRegions(ir::Node& node) {
  if (node.op() == ir::kIfOp) {
    for (int r = 0; r < node.num_regions(); ++r) {
      ir::Graph& region = node.region(r);
      for (size_t i = 0; i < region.feeds().size(); ++i)
        TypeArg(*region.feeds()[i].node, node.input_value(static_cast<int>(i) + 1), true);
      if (auto s = InferGraph(region); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
  // The carried values' types: the initial values', except that a
  // TensorArray whose element shape its first write decides (tensor_array.h)
  // takes the type the body gives it, in a second round.
  const int carried = ir::NumCarried(node);
  std::vector<ir::Value> types;
  for (int i = 0; i < carried; ++i) types.push_back(node.input_value(i));
  ir::Graph& body = node.region(ir::kBodyRegion);
  for (int round = 0;; ++round) {
    for (int i = 0; i < node.num_inputs(); ++i)
      TypeArg(*body.feeds()[i].node, i < carried ? types[i] : node.input_value(i), i >= carried);
    if (auto s = InferGraph(body); !s.ok()) return s;
    bool resolved = false;
    for (int i = 0; i < carried; ++i) {
      const ir::ValueRef& y = body.fetches()[i].value;
      const ir::Value& next = y.node->output(y.index);
      if (SameType(next, types[i])) continue;
      const bool element_found = !types[i].shape_known && next.shape_known && round == 0 &&
                                 next.dtype == types[i].dtype && !next.shape.empty() &&
                                 next.shape[0] == types[i].shape[0];
      if (!element_found)
        return node.Error(absl::StrCat(
            "loop value ", i, " ('", body.feeds()[i].node->name(), "') enters the loop as ",
            TypeOf(types[i]), " but the body makes it ", TypeOf(next), " ('", y.node->name(),
            "'); tfaotc compiles loops whose values keep their dtype and shape from one "
            "iteration to the next"));
      if (auto s = ops::ResolveTensorArrayShape(node.inputs()[i], next.shape, node); !s.ok())
        return s;
      types[i] = node.input_value(i);
      resolved = true;
    }
    if (!resolved) break;
  }
  ir::Graph& cond = node.region(ir::kCondRegion);
  for (int i = 0; i < node.num_inputs(); ++i)
    TypeArg(*cond.feeds()[i].node, i < carried ? types[i] : node.input_value(i), i >= carried);
  return InferGraph(cond);
}

}  // namespace

absl::Status InferNode(ir::Node& node) {
  const ops::OpDef& op = *ops::FindOp(node.op());
  int referenced_outputs = node.num_outputs();
  for (int i = 0; i < node.num_inputs(); ++i) {
    const ir::Value& in = node.input_value(i);
    if (!in.shape_known && !ops::AcceptsUnknownElementShape(node.op()))
      return node.Error(absl::StrCat(
          "reads TensorArray '", node.inputs()[i].node->name(), "' whose element shape is not "
          "known here: it has no element_shape and nothing is written to it before; give the "
          "TensorArray an element_shape"));
  }
  if (node.num_regions() > 0)
    if (auto s = InferRegions(node); !s.ok()) return s;
  if (auto s = op.infer(node); !s.ok()) return s;
  // Readers and fetches sized the outputs; the shape rule set those it has.
  int produced = 0;
  while (produced < node.num_outputs() && node.output(produced).dtype != ir::DType::kInvalid)
    ++produced;
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
  for (const ir::Value& v : node.outputs()) {
    already_known &= v.constant != nullptr;
    all_constant &= v.shape_known;  // a TensorArray still waiting for its element shape
  }
  if (all_constant && !already_known)
    if (auto s = Evaluate(node, op); !s.ok()) return s;
  return absl::OkStatus();
}

absl::Status InferShapes(ir::Graph& graph) {
  if (auto s = CheckOpsSupported(graph); !s.ok()) return s;
  return InferGraph(graph);
}

}  // namespace tfaot::passes
