// While (ir/region.h): a loop over carried values, with its condition and
// body as regions. infer-shapes types the regions' block arguments and infers
// both regions before this shape rule runs (a carried value keeps its type
// from one iteration to the next, so the body's arguments are the loop's
// results); the evaluator interprets the regions, as TensorFlow's executor
// would run the loop, for folding and `tfaotc run --reference`.
#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"
#include "compiler/ops/control/region_eval.h"
#include "compiler/ops/op_def.h"

namespace tfaot::ops {
namespace {

absl::Status InferWhile(ir::Node& node) {
  if (node.num_regions() != 2) return node.Error("has no cond and body regions");
  const ir::Graph& cond = node.region(ir::kCondRegion);
  const ir::ValueRef& yield = cond.fetches().at(0).value;
  const ir::Value& pred = yield.node->output(yield.index);
  if (pred.dtype != ir::DType::kBool || !pred.shape_known || !pred.shape.empty())
    return node.Error(absl::StrCat("the loop condition '", yield.node->name(), "' is ",
                                   ir::DTypeName(pred.dtype),
                                   pred.shape_known ? ir::ShapeToString(pred.shape) : "[?]",
                                   ", not a bool scalar"));
  const ir::Graph& body = node.region(ir::kBodyRegion);
  node.outputs().resize(ir::NumCarried(node));
  for (int i = 0; i < ir::NumCarried(node); ++i) {
    const ir::Value& arg = body.feeds()[i].node->output(0);
    ir::Value& out = node.output(i);
    out.dtype = arg.dtype;
    out.shape = arg.shape;
    out.shape_known = arg.shape_known;
  }
  return absl::OkStatus();
}

absl::Status EvalWhile(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                       std::vector<ir::Tensor>& out) {
  const int carried = ir::NumCarried(node);
  std::vector<ir::Tensor> values;
  for (int i = 0; i < carried; ++i) values.push_back(*in[i]);
  for (int64_t iteration = 0;; ++iteration) {
    std::vector<const ir::Tensor*> args;
    for (const ir::Tensor& v : values) args.push_back(&v);
    for (size_t i = carried; i < in.size(); ++i) args.push_back(in[i]);
    auto pred = EvaluateRegion(node.region(ir::kCondRegion), args);
    if (!pred.ok()) return pred.status();
    if (!(*pred)[0].data<bool>()[0]) break;
    if (iteration == kMaxEvaluatedIterations)
      return node.Error(absl::StrCat("the loop did not end within ", kMaxEvaluatedIterations,
                                     " iterations when run at compile time (all its inputs are "
                                     "constants); TensorFlow would not end it either"));
    auto next = EvaluateRegion(node.region(ir::kBodyRegion), args);
    if (!next.ok()) return next.status();
    values = *std::move(next);
  }
  out = std::move(values);
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpWhile = {"While", OpClass::kRegion, &InferWhile, &EvalWhile,
                               nullptr, nullptr,          nullptr};

}  // namespace tfaot::ops
