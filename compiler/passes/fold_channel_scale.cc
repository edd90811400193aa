#include "compiler/passes/fold_channel_scale.h"

#include "compiler/ir/region.h"
#include "compiler/passes/pass_util.h"

namespace tfaot::passes {
namespace {

// Output channels of a weight-carrying producer whose channel axis is the
// last one of its output, or 0 when `node` is not such a producer. Weights
// are input 1 and must be constant.
int64_t OutputChannels(const ir::Node& node) {
  if (node.num_inputs() < 2 || !node.input_constant(1)) return 0;
  const std::string& op = node.op();
  bool conv = op == "Conv2D" || op == "DepthwiseConv2dNative" || op == "Conv3D";
  if (conv) {
    std::string format = node.GetStringOr("data_format", "NHWC");
    if (format != "NHWC" && format != "NDHWC") return 0;
    return node.output(0).shape.back();
  }
  if (op == "MatMul" && !node.GetBoolOr("transpose_a", false)) return node.output(0).shape.back();
  return 0;
}

// Whether `scale` varies along the last axis only (shape [C] or [1,...,1,C]).
bool IsChannelVector(const ir::Tensor& scale, int64_t channels) {
  if (scale.num_elements() != channels || scale.shape().empty()) return false;
  return scale.shape().back() == channels;
}

ir::Tensor ScaledWeights(const ir::Node& producer, const ir::Tensor& weights,
                         const ir::Tensor& scale, int64_t channels) {
  ir::Tensor out = weights;
  bool rows = producer.op() == "MatMul" && producer.GetBoolOr("transpose_b", false);
  int64_t inner = rows ? weights.num_elements() / channels : 1;
  for (int64_t i = 0; i < out.num_elements(); ++i) {
    // HWIO / [K,N]: the channel is the fastest index; [N,K]: the slowest.
    int64_t c = rows ? i / inner : i % channels;
    if (out.dtype() == ir::DType::kFloat)
      out.data<float>()[i] = weights.data<float>()[i] * scale.data<float>()[c];
    else
      out.data<double>()[i] = weights.data<double>()[i] * scale.data<double>()[c];
  }
  return out;
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status FoldChannelScaleOneGraph(ir::Graph& graph) {
  auto uses = CountUses(graph);
  std::vector<ir::Node*> muls;
  for (const auto& node : graph.nodes())
    if (node->op() == "Mul" && node->num_inputs() == 2) muls.push_back(node.get());
  for (ir::Node* mul : muls) {
    for (int side = 0; side < 2; ++side) {
      const ir::Tensor* scale = mul->input_constant(1 - side);
      ir::ValueRef produced = mul->inputs()[side];
      ir::Node* producer = produced.node;
      int64_t channels = OutputChannels(*producer);
      if (!scale || channels == 0 || produced.index != 0) continue;
      if (uses[{producer, 0}] != 1 || !IsChannelVector(*scale, channels)) continue;
      if (mul->output(0).shape != producer->output(0).shape) continue;
      ir::DType dtype = producer->output(0).dtype;
      if (scale->dtype() != dtype || (dtype != ir::DType::kFloat && dtype != ir::DType::kDouble))
        continue;
      const ir::Tensor& weights = *producer->input_constant(1);
      ir::Node* scaled = InsertConst(graph, producer, producer->inputs()[1].node->name() + "/scaled",
                                     ScaledWeights(*producer, weights, *scale, channels));
      producer->inputs()[1] = {scaled, 0};
      graph.ReplaceAllUses({mul, 0}, {producer, 0});
      break;
    }
  }
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

absl::Status FoldChannelScale(ir::Graph& graph) { return ir::ForEachGraph(graph, FoldChannelScaleOneGraph); }

}  // namespace tfaot::passes
