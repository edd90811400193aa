// If (ir/region.h): two regions, one run, chosen by a scalar predicate
// (nonzero is true, as TensorFlow's If converts a number). infer-shapes types
// both regions' block arguments from the operands and infers the regions
// before this shape rule runs; the evaluator runs the chosen region.
#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"
#include "compiler/ops/control/region_eval.h"
#include "compiler/ops/op_def.h"

namespace tfaot::ops {
namespace {

std::string TypeOf(const ir::Value& v) {
  return ir::DTypeName(v.dtype) + (v.shape_known ? ir::ShapeToString(v.shape) : "[?]");
}

absl::Status InferIf(ir::Node& node) {
  if (node.num_regions() != 2) return node.Error("has no then and else regions");
  if (node.num_inputs() < 1) return node.Error("has no predicate");
  const ir::Value& pred = node.input_value(0);
  if (!pred.shape.empty() || pred.dtype == ir::DType::kHalf)
    return node.Error("the predicate is " + TypeOf(pred) +
                      "; tfaotc takes a scalar bool or number (nonzero is true)");
  const ir::Graph& then_region = node.region(ir::kThenRegion);
  const ir::Graph& else_region = node.region(ir::kElseRegion);
  const size_t results = then_region.fetches().size();
  if (else_region.fetches().size() != results)
    return node.Error(absl::StrCat("the branches yield ", results, " and ",
                                   else_region.fetches().size(), " values"));
  node.outputs().resize(results);
  for (size_t i = 0; i < results; ++i) {
    const ir::ValueRef& t = then_region.fetches()[i].value;
    const ir::ValueRef& e = else_region.fetches()[i].value;
    const ir::Value& tv = t.node->output(t.index);
    const ir::Value& ev = e.node->output(e.index);
    if (tv.dtype != ev.dtype || tv.shape != ev.shape || !tv.shape_known || !ev.shape_known)
      return node.Error(absl::StrCat(
          "result ", i, " is ", TypeOf(tv), " ('", t.node->name(), "') when the predicate is "
          "true and ", TypeOf(ev), " ('", e.node->name(), "') when it is false; tfaotc needs "
          "one static type for both branches"));
    node.SetOutput(static_cast<int>(i), tv.dtype, tv.shape);
  }
  return absl::OkStatus();
}

absl::Status EvalIf(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                    std::vector<ir::Tensor>& out) {
  const bool taken = in[0]->AsDouble(0) != 0;
  std::vector<const ir::Tensor*> args(in.begin() + 1, in.end());
  auto result =
      EvaluateRegion(node.region(taken ? ir::kThenRegion : ir::kElseRegion), args);
  if (!result.ok()) return result.status();
  out = *std::move(result);
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpIf = {"If", OpClass::kRegion, &InferIf, &EvalIf, nullptr, nullptr, nullptr};

}  // namespace tfaot::ops
