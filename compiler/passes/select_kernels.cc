#include "compiler/passes/select_kernels.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/region.h"
#include "compiler/ops/nn/window.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "compiler/passes/pass_util.h"
#include "runtime/fast_conv.h"
#include "runtime/fast_depthwise.h"
#include "runtime/fast_gemm.h"
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

// The chain producer [-> bias add] [-> residual add] [-> Relu/Relu6] the
// kernel absorbs (a residual only where the kernel takes one).
struct Chain {
  ir::Node* last;
  const ir::Tensor* bias = nullptr;
  ir::ValueRef residual;  // node == nullptr: none
  int activation = rt::kConvActNone;
  std::vector<ir::Node*> nodes;  // the graph's nodes the kernel computes
};

// The other operand of an add of `value` and a float32 value of the same
// shape, else a null ref.
ir::ValueRef Residual(const ir::Node& add, ir::ValueRef value) {
  if ((add.op() != "AddV2" && add.op() != "Add") || add.num_inputs() != 2) return {};
  const int side = add.inputs()[0] == value ? 1 : 0;
  if (add.inputs()[1 - side] != value || add.inputs()[side] == value) return {};
  const ir::Value& other = add.input_value(side);
  const ir::Shape& shape = value.node->output(value.index).shape;
  if (other.dtype != ir::DType::kFloat || other.shape != shape || add.output(0).shape != shape)
    return {};
  return add.inputs()[side];
}

Chain FindChain(const ir::Graph& graph, Readers& readers, ir::Node* producer, int64_t channels,
                bool residual = false) {
  Chain chain{producer};
  chain.nodes = {producer};
  auto absorb = [&](ir::Node* node) {
    chain.last = node;
    chain.nodes.push_back(node);
    return OnlyReader(graph, readers, {node, 0});
  };
  ir::Node* next = OnlyReader(graph, readers, {producer, 0});
  if (next && (chain.bias = ChannelBias(*next, {chain.last, 0}, channels))) next = absorb(next);
  if (next && residual && (chain.residual = Residual(*next, {chain.last, 0})).node)
    next = absorb(next);
  if (next && next->num_inputs() == 1 && next->output(0).dtype == ir::DType::kFloat &&
      (next->op() == "Relu" || next->op() == "Relu6")) {
    chain.activation = next->op() == "Relu" ? rt::kConvActRelu : rt::kConvActRelu6;
    absorb(next);
  }
  return chain;
}

// A constant the kernel reads, placed before the chain's end.
ir::ValueRef ConstBefore(ir::Graph& graph, const Chain& chain, const std::string& name,
                         ir::Tensor value) {
  return {InsertConst(graph, chain.last, name, std::move(value)), 0};
}

// Puts `op`(x, weights[, bias][, residual]) with `attrs` in place of the
// chain; `readers` then list the new node, not the chain's.
absl::Status Replace(ir::Graph& graph, Readers& readers, const Chain& chain,
                     const std::string& base, const std::string& op, ir::ValueRef x,
                     ir::ValueRef weights, int64_t channels, ir::AttrMap attrs) {
  ir::ValueRef bias;
  if (chain.bias) bias = ConstBefore(graph, chain, base + "/bias", chain.bias->Reshaped({channels}));
  ir::Node* fast = graph.InsertNodeBefore(chain.last, graph.UniqueName(base), op);
  fast->inputs() = {x, weights};
  if (bias.node) fast->inputs().push_back(bias);
  if (chain.residual.node) fast->inputs().push_back(chain.residual);
  fast->attrs() = std::move(attrs);
  fast->attrs()["activation"] = static_cast<int64_t>(chain.activation);
  // The emitter names them in a `// fused:` comment, as for fused loops.
  std::vector<std::string> names;
  for (const ir::Node* n : chain.nodes) names.push_back(n->name());
  fast->attrs()["fused_nodes"] = names;
  if (auto st = ops::FindOp(op)->infer(*fast); !st.ok()) return st;
  graph.ReplaceAllUses({chain.last, 0}, {fast, 0});
  // A later chain must not take the dead nodes for readers (a residual
  // add absorbed here would look like its own).
  for (const ir::Node* dead : chain.nodes)
    for (const ir::ValueRef& in : dead->inputs()) {
      std::vector<ir::Node*>& list = readers[{in.node, in.index}];
      list.erase(std::remove(list.begin(), list.end(), dead), list.end());
    }
  for (const ir::ValueRef& in : fast->inputs()) readers[{in.node, in.index}].push_back(fast);
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
  const Chain chain = FindChain(graph, readers, conv, s.out_c);
  const std::string base = conv->name() + "/fast";
  const ir::ValueRef w = ConstBefore(graph, chain, base + "/packed_weights", Packed(*conv, s));
  return Replace(graph, readers, chain, base, depthwise ? "TfaotDepthwiseConv2D" : "TfaotConv2D",
                 conv->inputs()[0], w, s.out_c, std::move(attrs));
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
  const Chain chain = FindChain(graph, readers, mm, n);
  const std::string base = mm->name() + "/fast";
  const ir::ValueRef w = ConstBefore(graph, chain, base + "/packed_weights", std::move(packed));
  return Replace(graph, readers, chain, base, "TfaotMatMul", mm->inputs()[0], w, n, std::move(attrs));
}

// A product for the register-blocked GEMM.
struct Gemm {
  ir::Node* node;
  rt::GemmShape shape;  // batches as BatchMatMul broadcasts them; kc, mc unset
  bool transpose_a, transpose_b;
};

// Products smaller than this stay with rt::MatMul's loop: its sizes are
// compile-time constants at the call site.
constexpr int64_t kMinGemmMacs = 4096;

// Whether `mm` is a float32 MatMul or BatchMatMul the GEMM takes; *g then
// describes it.
bool IsGemm(ir::Node* mm, Gemm* g) {
  const bool matmul = mm->op() == "MatMul";
  if (!matmul && mm->op() != "BatchMatMul" && mm->op() != "BatchMatMulV2" &&
      mm->op() != "BatchMatMulV3")
    return false;
  if (mm->num_inputs() != 2 || mm->num_outputs() != 1) return false;
  for (const ir::DType t :
       {mm->input_value(0).dtype, mm->input_value(1).dtype, mm->output(0).dtype})
    if (t != ir::DType::kFloat) return false;
  const ir::Shape& a = mm->input_value(0).shape;
  const ir::Shape& b = mm->input_value(1).shape;
  if (a.size() < 2 || b.size() < 2 || (matmul && (a.size() != 2 || b.size() != 2))) return false;
  g->node = mm;
  g->transpose_a = mm->GetBoolOr(matmul ? "transpose_a" : "adj_x", false);
  g->transpose_b = mm->GetBoolOr(matmul ? "transpose_b" : "adj_y", false);
  rt::GemmShape& s = g->shape;
  s = rt::GemmShape{};
  const size_t ra = a.size(), rb = b.size();
  s.m = g->transpose_a ? a[ra - 1] : a[ra - 2];
  s.k = g->transpose_a ? a[ra - 2] : a[ra - 1];
  s.n = g->transpose_b ? b[rb - 2] : b[rb - 1];
  const ir::Shape batch_a(a.begin(), a.end() - 2), batch_b(b.begin(), b.end() - 2);
  auto batch = ops::BroadcastShapes(*mm, batch_a, batch_b);
  if (!batch.ok() || batch->size() > static_cast<size_t>(rt::kMaxBatchRank)) return false;
  const std::vector<int64_t> sa = ops::BroadcastStrides(batch_a, *batch);
  const std::vector<int64_t> sb = ops::BroadcastStrides(batch_b, *batch);
  s.rank = static_cast<int64_t>(batch->size());
  int64_t batches = 1;
  for (int64_t i = 0; i < s.rank; ++i) {
    s.dims[i] = (*batch)[i];
    s.a_strides[i] = sa[i];
    s.b_strides[i] = sb[i];
    batches *= s.dims[i];
  }
  if (s.m < 1 || s.k < 1 || s.n < 1 || batches < 1) return false;
  if (batches * s.m * s.k * s.n < kMinGemmMacs) return false;
  // One row times a run-time B: packing B would cost as much as the product.
  if (s.m == 1 && !g->transpose_b && !mm->input_constant(1)) return false;
  return true;
}

absl::Status RewriteGemm(ir::Graph& graph, Readers& readers, const Gemm& g) {
  ir::Node* mm = g.node;
  rt::GemmShape s = g.shape;
  const int64_t b_count = ir::NumElements(mm->input_value(1).shape) / (s.k * s.n);
  const Chain chain = FindChain(graph, readers, mm, s.n, /*residual=*/true);
  const std::string base = mm->name() + "/fast";
  ir::ValueRef packed;
  if (const ir::Tensor* b = mm->input_constant(1)) {
    ir::Tensor t(ir::DType::kFloat, {b_count * rt::PackedGemmSize(s.k, s.n)});
    rt::PackGemmPanels(b->data<float>(), b_count, s.k, s.n, g.transpose_b, t.data<float>());
    packed = ConstBefore(graph, chain, base + "/packed_weights", std::move(t));
  } else {
    ir::Node* pack =
        graph.InsertNodeBefore(chain.last, graph.UniqueName(base + "/packed_b"), "TfaotPackPanels");
    pack->inputs() = {mm->inputs()[1]};
    pack->attrs() = {{"k", s.k}, {"n", s.n}, {"transpose_b", g.transpose_b}};
    if (auto st = ops::FindOp("TfaotPackPanels")->infer(*pack); !st.ok()) return st;
    readers[{mm->inputs()[1].node, mm->inputs()[1].index}].push_back(pack);
    packed = {pack, 0};
  }
  ir::AttrMap attrs;
  attrs["m"] = s.m;
  attrs["k"] = s.k;
  attrs["n"] = s.n;
  attrs["transpose_a"] = g.transpose_a;
  attrs["batch_dims"] = std::vector<int64_t>(s.dims, s.dims + s.rank);
  attrs["a_batch_strides"] = std::vector<int64_t>(s.a_strides, s.a_strides + s.rank);
  attrs["b_batch_strides"] = std::vector<int64_t>(s.b_strides, s.b_strides + s.rank);
  rt::FoldGemmBatches(&s, g.transpose_a);
  rt::PlanGemm(&s);
  attrs["blocking"] = std::vector<int64_t>{s.kc, s.mc};
  attrs["has_bias"] = chain.bias != nullptr;
  attrs["has_residual"] = chain.residual.node != nullptr;
  return Replace(graph, readers, chain, base, "TfaotGemm", mm->inputs()[0], packed, s.n,
                 std::move(attrs));
}

}  // namespace

// One graph; the pass runs it on every region too (ForEachGraph).
static absl::Status SelectKernelsOneGraph(ir::Graph& graph) {
  std::vector<std::pair<ir::Node*, rt::ConvShape>> convs;
  std::vector<std::pair<ir::Node*, std::pair<int64_t, int64_t>>> gemvs;
  std::vector<Gemm> gemms;
  for (const auto& node : graph.nodes()) {
    rt::ConvShape s;
    int64_t k, n;
    Gemm g;
    if ((node->op() == "Conv2D" || node->op() == "DepthwiseConv2dNative") && Geometry(*node, &s))
      convs.push_back({node.get(), s});
    else if (IsGemv(*node, &k, &n))
      gemvs.push_back({node.get(), {k, n}});
    else if (IsGemm(node.get(), &g))
      gemms.push_back(g);
  }
  if (convs.empty() && gemvs.empty() && gemms.empty()) return absl::OkStatus();
  Readers readers;
  for (const auto& node : graph.nodes())
    for (const ir::ValueRef& in : node->inputs())
      readers[{in.node, in.index}].push_back(node.get());
  for (auto& [conv, s] : convs)
    if (auto st = RewriteConv(graph, readers, conv, s); !st.ok()) return st;
  for (auto& [mm, kn] : gemvs)
    if (auto st = RewriteGemv(graph, readers, mm, kn.first, kn.second); !st.ok()) return st;
  for (const Gemm& g : gemms)
    if (auto st = RewriteGemm(graph, readers, g); !st.ok()) return st;
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

absl::Status SelectKernels(ir::Graph& graph) { return ir::ForEachGraph(graph, SelectKernelsOneGraph); }

}  // namespace tfaot::passes
