#include "compiler/passes/select_kernels.h"

#include <map>
#include <vector>

#include "compiler/ops/op_def.h"
#include "compiler/ops/window.h"
#include "compiler/passes/pass_util.h"
#include "runtime/fast_conv.h"

namespace tfaot::passes {
namespace {

using Readers = std::map<std::pair<const ir::Node*, int>, std::vector<ir::Node*>>;

// The conv's geometry when the fast kernels handle it.
bool Geometry(const ir::Node& conv, rt::ConvShape* out) {
  const bool depthwise = conv.op() == "DepthwiseConv2dNative";
  if (conv.num_inputs() != 2 || !conv.input_constant(1) || conv.num_outputs() != 1) return false;
  if (conv.input_value(0).dtype != ir::DType::kFloat ||
      conv.input_value(1).dtype != ir::DType::kFloat)
    return false;
  const ir::Shape& x = conv.input_value(0).shape;
  const ir::Shape& f = conv.input_value(1).shape;
  if (x.size() != 4 || f.size() != 4 || conv.output(0).shape.size() != 4) return false;
  auto channels_first = ops::ChannelsFirst(conv, 2);
  if (!channels_first.ok() || *channels_first) return false;
  auto stride = ops::SpatialAttr(conv, "strides", 2, false);
  auto dilation = ops::SpatialAttr(conv, "dilations", 2, false, 1);
  if (!stride.ok() || !dilation.ok()) return false;
  auto w = ops::MakeWindow(conv, x, 2, false, {1, f[0], f[1]}, *stride, *dilation);
  if (!w.ok() || w->channels != f[2]) return false;
  if (depthwise && f[3] != 1) return false;
  *out = ops::ToConvShape(*w, depthwise ? f[2] : f[3], 1);
  if (out->batch * out->out_h * out->out_w * out->out_c == 0) return false;
  const ir::Shape want{out->batch, out->out_h, out->out_w, out->out_c};
  return conv.output(0).shape == want;
}

// The only reader of `value` (nullptr when it has several or is fetched).
ir::Node* OnlyReader(const ir::Graph& graph, Readers& readers, ir::ValueRef value) {
  auto it = readers.find({value.node, value.index});
  if (it == readers.end() || it->second.size() != 1) return nullptr;
  for (const ir::Fetch& f : graph.fetches())
    if (f.value == value) return nullptr;
  return it->second[0];
}

// The [C] bias of an add of a per-channel constant to `value`, else nullptr.
const ir::Tensor* ChannelBias(const ir::Node& add, ir::ValueRef value, int64_t channels) {
  if ((add.op() != "AddV2" && add.op() != "Add") || add.num_inputs() != 2) return nullptr;
  const int side = add.inputs()[0] == value ? 1 : 0;
  if (add.inputs()[1 - side] != value || add.inputs()[side] == value) return nullptr;
  const ir::Tensor* b = add.input_constant(side);
  if (!b || b->dtype() != ir::DType::kFloat || b->num_elements() != channels) return nullptr;
  if (b->shape().empty() || b->shape().back() != channels) return nullptr;
  if (add.output(0).shape != value.node->output(value.index).shape) return nullptr;
  return b;
}

ir::Tensor Packed(const ir::Node& conv, const rt::ConvShape& s) {
  const ir::Tensor& f = *conv.input_constant(1);
  if (conv.op() == "DepthwiseConv2dNative") {
    ir::Tensor t(ir::DType::kFloat, {rt::PackedDepthwiseFilterSize(s.k_h, s.k_w, s.in_c)});
    rt::PackDepthwiseFilter(f.data<float>(), s.k_h, s.k_w, s.in_c, t.data<float>());
    return t;
  }
  ir::Tensor t(ir::DType::kFloat, {rt::PackedConvFilterSize(s.k_h, s.k_w, s.in_c, s.out_c)});
  rt::PackConvFilter(f.data<float>(), s.k_h, s.k_w, s.in_c, s.out_c, t.data<float>());
  return t;
}

absl::Status Rewrite(ir::Graph& graph, Readers& readers, ir::Node* conv,
                     const rt::ConvShape& s) {
  // The chain conv [-> bias add] [-> Relu/Relu6]; `last` is its end.
  ir::Node* last = conv;
  const ir::Tensor* bias = nullptr;
  int activation = rt::kConvActNone;
  ir::Node* next = OnlyReader(graph, readers, {conv, 0});
  if (next) bias = ChannelBias(*next, {conv, 0}, s.out_c);
  if (bias) {
    last = next;
    next = OnlyReader(graph, readers, {last, 0});
  }
  if (next && next->num_inputs() == 1 && next->output(0).dtype == ir::DType::kFloat &&
      (next->op() == "Relu" || next->op() == "Relu6")) {
    activation = next->op() == "Relu" ? rt::kConvActRelu : rt::kConvActRelu6;
    last = next;
  }
  const bool depthwise = conv->op() == "DepthwiseConv2dNative";
  const std::string base = conv->name() + "/fast";
  ir::Node* packed = InsertConst(graph, last, base + "/packed_filter", Packed(*conv, s));
  ir::Node* bias_node = nullptr;
  if (bias) bias_node = InsertConst(graph, last, base + "/bias", bias->Reshaped({s.out_c}));
  ir::Node* fast = graph.InsertNodeBefore(last, graph.UniqueName(base),
                                          depthwise ? "TfaotDepthwiseConv2D" : "TfaotConv2D");
  fast->inputs() = {conv->inputs()[0], {packed, 0}};
  if (bias_node) fast->inputs().push_back({bias_node, 0});
  fast->attrs()["conv_shape"] = std::vector<int64_t>{
      s.batch, s.in_h,     s.in_w,     s.in_c,  s.out_h, s.out_w, s.out_c, s.k_h,
      s.k_w,   s.stride_h, s.stride_w, s.dil_h, s.dil_w, s.pad_h, s.pad_w};
  fast->attrs()["activation"] = static_cast<int64_t>(activation);
  if (auto st = ops::FindOp(fast->op())->infer(*fast); !st.ok()) return st;
  graph.ReplaceAllUses({last, 0}, {fast, 0});
  return absl::OkStatus();
}

}  // namespace

absl::Status SelectKernels(ir::Graph& graph) {
  std::vector<std::pair<ir::Node*, rt::ConvShape>> convs;
  for (const auto& node : graph.nodes()) {
    if (node->op() != "Conv2D" && node->op() != "DepthwiseConv2dNative") continue;
    rt::ConvShape s;
    if (Geometry(*node, &s)) convs.push_back({node.get(), s});
  }
  if (convs.empty()) return absl::OkStatus();
  Readers readers;
  for (const auto& node : graph.nodes())
    for (const ir::ValueRef& in : node->inputs()) readers[{in.node, in.index}].push_back(node.get());
  for (auto& [conv, s] : convs)
    if (auto st = Rewrite(graph, readers, conv, s); !st.ok()) return st;
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

}  // namespace tfaot::passes
