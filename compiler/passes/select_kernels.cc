#include "compiler/passes/select_kernels.h"

#include <map>
#include <string>
#include <vector>

#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/nn/window.h"
#include "compiler/passes/pass_util.h"
#include "runtime/fast_conv.h"
#include "runtime/fast_depthwise.h"
#include "runtime/fast_gemv.h"

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

// The chain producer [-> bias add] [-> Relu/Relu6] the kernel absorbs.
struct Chain {
  ir::Node* last;
  const ir::Tensor* bias = nullptr;
  int activation = rt::kConvActNone;
  std::vector<std::string> nodes;  // the graph's nodes the kernel computes
};

Chain FindChain(const ir::Graph& graph, Readers& readers, ir::Node* producer, int64_t channels) {
  Chain chain{producer};
  chain.nodes = {producer->name()};
  ir::Node* next = OnlyReader(graph, readers, {producer, 0});
  if (next) chain.bias = ChannelBias(*next, {producer, 0}, channels);
  if (chain.bias) {
    chain.last = next;
    chain.nodes.push_back(next->name());
    next = OnlyReader(graph, readers, {next, 0});
  }
  if (next && next->num_inputs() == 1 && next->output(0).dtype == ir::DType::kFloat &&
      (next->op() == "Relu" || next->op() == "Relu6")) {
    chain.activation = next->op() == "Relu" ? rt::kConvActRelu : rt::kConvActRelu6;
    chain.last = next;
    chain.nodes.push_back(next->name());
  }
  return chain;
}

// Puts `op`(x, packed[, bias]) with `attrs` in place of the chain.
absl::Status Replace(ir::Graph& graph, const Chain& chain, const ir::Node& producer,
                     const std::string& op, ir::Tensor packed, int64_t channels,
                     ir::AttrMap attrs) {
  const std::string base = producer.name() + "/fast";
  ir::Node* w = InsertConst(graph, chain.last, base + "/packed_weights", std::move(packed));
  ir::Node* bias = nullptr;
  if (chain.bias)
    bias = InsertConst(graph, chain.last, base + "/bias", chain.bias->Reshaped({channels}));
  ir::Node* fast = graph.InsertNodeBefore(chain.last, graph.UniqueName(base), op);
  fast->inputs() = {producer.inputs()[0], {w, 0}};
  if (bias) fast->inputs().push_back({bias, 0});
  fast->attrs() = std::move(attrs);
  fast->attrs()["activation"] = static_cast<int64_t>(chain.activation);
  // The emitter names them in a `// fused:` comment, as for fused loops.
  fast->attrs()["fused_nodes"] = chain.nodes;
  if (auto st = ops::FindOp(op)->infer(*fast); !st.ok()) return st;
  graph.ReplaceAllUses({chain.last, 0}, {fast, 0});
  return absl::OkStatus();
}

absl::Status RewriteGemv(ir::Graph& graph, Readers& readers, ir::Node* mm, int64_t k,
                         int64_t n);

absl::Status RewriteConv(ir::Graph& graph, Readers& readers, ir::Node* conv,
                         const rt::ConvShape& s) {
  const bool depthwise = conv->op() == "DepthwiseConv2dNative";
  // A 1x1 convolution of one pixel (a classifier head) is a matrix-vector
  // product with the filter as [in_c][out_c]: the same sums.
  if (!depthwise && s.batch * s.in_h * s.in_w * s.out_h * s.out_w == 1 && s.k_h * s.k_w == 1 &&
      s.pad_h == 0 && s.pad_w == 0 && s.out_c >= 16 &&
      s.in_c * s.out_c >= 4096)
    return RewriteGemv(graph, readers, conv, s.in_c, s.out_c);
  ir::AttrMap attrs;
  attrs["conv_shape"] = std::vector<int64_t>{
      s.batch, s.in_h,     s.in_w,     s.in_c,  s.out_h, s.out_w, s.out_c, s.k_h,
      s.k_w,   s.stride_h, s.stride_w, s.dil_h, s.dil_w, s.pad_h, s.pad_w};
  return Replace(graph, FindChain(graph, readers, conv, s.out_c), *conv,
                 depthwise ? "TfaotDepthwiseConv2D" : "TfaotConv2D", Packed(*conv, s), s.out_c,
                 std::move(attrs));
}

// MatMul of one row by a constant float32 matrix: its k and n, else false.
bool IsGemv(const ir::Node& mm, int64_t* k, int64_t* n) {
  if (mm.op() != "MatMul" || mm.num_inputs() != 2 || !mm.input_constant(1)) return false;
  if (mm.GetBoolOr("transpose_a", false) || mm.output(0).dtype != ir::DType::kFloat ||
      mm.input_value(0).dtype != ir::DType::kFloat || mm.input_value(1).dtype != ir::DType::kFloat)
    return false;
  const ir::Shape& a = mm.input_value(0).shape;
  const ir::Shape& c = mm.output(0).shape;
  if (a.size() != 2 || a[0] != 1 || c.size() != 2 || c[0] != 1 || a[1] < 1 || c[1] < 1)
    return false;
  *k = a[1];
  *n = c[1];
  // Tiny products gain nothing from 64-column panels (and pay the padding).
  if (*n < 16 || *k * *n < 4096) return false;
  return mm.input_constant(1)->num_elements() == *k * *n;
}

absl::Status RewriteGemv(ir::Graph& graph, Readers& readers, ir::Node* mm, int64_t k,
                         int64_t n) {
  ir::Tensor packed(ir::DType::kFloat, {rt::PackedGemvSize(k, n)});
  rt::PackGemvWeights(mm->input_constant(1)->data<float>(), k, n,
                      mm->GetBoolOr("transpose_b", false), packed.data<float>());
  ir::AttrMap attrs;
  attrs["k"] = k;
  attrs["n"] = n;
  return Replace(graph, FindChain(graph, readers, mm, n), *mm, "TfaotMatMul", std::move(packed),
                 n, std::move(attrs));
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status SelectKernelsOneGraph(ir::Graph& graph) {
  std::vector<std::pair<ir::Node*, rt::ConvShape>> convs;
  std::vector<std::pair<ir::Node*, std::pair<int64_t, int64_t>>> gemvs;
  for (const auto& node : graph.nodes()) {
    rt::ConvShape s;
    int64_t k, n;
    if ((node->op() == "Conv2D" || node->op() == "DepthwiseConv2dNative") && Geometry(*node, &s))
      convs.push_back({node.get(), s});
    else if (IsGemv(*node, &k, &n))
      gemvs.push_back({node.get(), {k, n}});
  }
  if (convs.empty() && gemvs.empty()) return absl::OkStatus();
  Readers readers;
  for (const auto& node : graph.nodes())
    for (const ir::ValueRef& in : node->inputs())
      readers[{in.node, in.index}].push_back(node.get());
  for (auto& [conv, s] : convs)
    if (auto st = RewriteConv(graph, readers, conv, s); !st.ok()) return st;
  for (auto& [mm, kn] : gemvs)
    if (auto st = RewriteGemv(graph, readers, mm, kn.first, kn.second); !st.ok()) return st;
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

absl::Status SelectKernels(ir::Graph& graph) { return ir::ForEachGraph(graph, SelectKernelsOneGraph); }

}  // namespace tfaot::passes
