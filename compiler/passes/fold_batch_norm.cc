#include "compiler/passes/fold_batch_norm.h"

#include <cmath>

#include "compiler/ir/region.h"
#include "compiler/passes/pass_util.h"

namespace tfaot::passes {
namespace {

bool IsInferenceBatchNorm(const ir::Node& node,
                          const std::map<std::pair<const ir::Node*, int>, int>& uses) {
  if (node.op().rfind("FusedBatchNorm", 0) != 0 || node.num_inputs() != 5) return false;
  if (node.GetBoolOr("is_training", true)) return false;
  for (int i = 1; i < 5; ++i)
    if (!node.input_constant(i)) return false;
  if (node.output(0).dtype != ir::DType::kFloat && node.output(0).dtype != ir::DType::kDouble)
    return false;
  // The statistics outputs must be unused: only y is rewritten.
  for (int i = 1; i < node.num_outputs(); ++i)
    if (uses.count({&node, i})) return false;
  return true;
}

// `values` as a tensor of x's dtype, shaped to broadcast along the channel
// axis: [C] for channels-last, [C,1,1(,1)] for channels-first.
ir::Tensor ChannelTensor(const std::vector<double>& values, ir::DType dtype, size_t rank,
                         bool channels_first) {
  ir::Shape shape = {static_cast<int64_t>(values.size())};
  if (channels_first) shape.resize(rank - 1, 1);
  ir::Tensor t(dtype, shape);
  for (size_t c = 0; c < values.size(); ++c) {
    if (dtype == ir::DType::kFloat) t.data<float>()[c] = static_cast<float>(values[c]);
    else t.data<double>()[c] = values[c];
  }
  return t;
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status FoldBatchNormOneGraph(ir::Graph& graph) {
  auto uses = CountUses(graph);
  std::vector<ir::Node*> targets;
  for (const auto& node : graph.nodes())
    if (IsInferenceBatchNorm(*node, uses)) targets.push_back(node.get());
  for (ir::Node* bn : targets) {
    const ir::Value x = bn->input_value(0);
    std::string format = bn->GetStringOr("data_format", "NHWC");
    bool channels_first = format.size() > 1 && format[1] == 'C';
    const ir::Tensor& scale = *bn->input_constant(1);
    const ir::Tensor& offset = *bn->input_constant(2);
    const ir::Tensor& mean = *bn->input_constant(3);
    const ir::Tensor& var = *bn->input_constant(4);
    double eps = bn->GetFloatOr("epsilon", 0.0001f);
    std::vector<double> s(scale.num_elements()), t(scale.num_elements());
    for (int64_t c = 0; c < scale.num_elements(); ++c) {
      s[c] = scale.AsDouble(c) / std::sqrt(var.AsDouble(c) + eps);
      t[c] = offset.AsDouble(c) - mean.AsDouble(c) * s[c];
    }
    ir::Node* s_const = InsertConst(graph, bn, bn->name() + "/folded_scale",
                                    ChannelTensor(s, x.dtype, x.shape.size(), channels_first));
    ir::Node* t_const = InsertConst(graph, bn, bn->name() + "/folded_shift",
                                    ChannelTensor(t, x.dtype, x.shape.size(), channels_first));
    ir::Node* mul = graph.InsertNodeBefore(bn, graph.UniqueName(bn->name() + "/scale"), "Mul");
    mul->inputs() = {bn->inputs()[0], {s_const, 0}};
    mul->attrs()["T"] = x.dtype;
    mul->SetOutput(0, x.dtype, x.shape);
    // The batch norm node itself becomes the AddV2, keeping its name (and
    // any fetch of it).
    bn->set_op("AddV2");
    bn->attrs().clear();
    bn->attrs()["T"] = x.dtype;
    bn->inputs() = {{mul, 0}, {t_const, 0}};
    bn->outputs().resize(1);
  }
  return absl::OkStatus();
}

absl::Status FoldBatchNorm(ir::Graph& graph) { return ir::ForEachGraph(graph, FoldBatchNormOneGraph); }

}  // namespace tfaot::passes
