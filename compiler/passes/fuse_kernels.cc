#include "compiler/passes/fuse_kernels.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/ops/kernels/conv_attrs.h"
#include "compiler/ops/nn/window.h"
#include "compiler/ops/op_def.h"
#include "runtime/fast_conv_pool.h"
#include "runtime/fast_separable.h"

namespace tfaot::passes {
namespace {

using Readers = std::map<std::pair<const ir::Node*, int>, std::vector<ir::Node*>>;

// The only reader of `node`'s output 0 (nullptr when it has several or is fetched).
ir::Node* OnlyReader(const ir::Graph& graph, const Readers& readers, const ir::Node* node) {
  auto it = readers.find({node, 0});
  if (it == readers.end() || it->second.size() != 1) return nullptr;
  for (const ir::Fetch& f : graph.fetches())
    if (f.value == ir::ValueRef{const_cast<ir::Node*>(node), 0}) return nullptr;
  return it->second[0];
}

std::vector<std::string> FusedNames(const ir::Node& node) {
  auto it = node.attrs().find("fused_nodes");
  if (it != node.attrs().end())
    if (const auto* names = std::get_if<std::vector<std::string>>(&it->second)) return *names;
  return {node.name()};
}

// A 2-D channels-last float MaxPool's geometry.
bool PoolGeometry(const ir::Node& pool, rt::ConvShape* out) {
  if (pool.op() != "MaxPool" || pool.num_inputs() != 1 ||
      pool.output(0).dtype != ir::DType::kFloat)
    return false;
  auto channels_first = ops::ChannelsFirst(pool, 2);
  if (!channels_first.ok() || *channels_first) return false;
  auto size = ops::SpatialAttr(pool, "ksize", 2, false);
  auto stride = ops::SpatialAttr(pool, "strides", 2, false);
  if (!size.ok() || !stride.ok()) return false;
  auto w = ops::MakeWindow(pool, pool.input_value(0).shape, 2, false, *size, *stride,
                           ops::Dims3{1, 1, 1});
  if (!w.ok()) return false;
  *out = ops::ToConvShape(*w, w->channels, 1);
  return true;
}

// Puts `op` with `inputs` and `attrs` in place of `first` -> `second`.
absl::Status Replace(ir::Graph& graph, ir::Node* first, ir::Node* second, const std::string& op,
                     std::vector<ir::ValueRef> inputs, ir::AttrMap attrs) {
  std::vector<std::string> names = FusedNames(*first);
  for (const std::string& n : FusedNames(*second)) names.push_back(n);
  ir::Node* fused = graph.InsertNodeBefore(second, graph.UniqueName(first->name() + "/fused"), op);
  fused->inputs() = std::move(inputs);
  fused->attrs() = std::move(attrs);
  fused->attrs()["fused_nodes"] = names;
  if (auto st = ops::FindOp(op)->infer(*fused); !st.ok()) return st;
  graph.ReplaceAllUses({second, 0}, {fused, 0});
  return absl::OkStatus();
}

absl::Status FuseConvPool(ir::Graph& graph, ir::Node* conv, ir::Node* pool) {
  auto c = ops::ConvShapeFromAttr(*conv, "conv_shape");
  rt::ConvShape p;
  if (!c.ok() || !PoolGeometry(*pool, &p) || !rt::ConvMaxPoolFits(*c, p))
    return absl::OkStatus();
  ir::AttrMap attrs;
  attrs["conv_shape"] = ops::ConvShapeAttr(*c);
  attrs["pool_shape"] = ops::ConvShapeAttr(p);
  attrs["activation"] = conv->GetIntOr("activation", rt::kConvActNone);
  return Replace(graph, conv, pool, "TfaotConvMaxPool2D", conv->inputs(), std::move(attrs));
}

absl::Status FuseSeparable(ir::Graph& graph, ir::Node* dw, ir::Node* pw) {
  auto d = ops::ConvShapeFromAttr(*dw, "conv_shape");
  auto p = ops::ConvShapeFromAttr(*pw, "conv_shape");
  if (!d.ok() || !p.ok() || !rt::SeparableFits(*d, *p)) return absl::OkStatus();
  const int64_t dw_bytes = d->batch * d->out_h * d->out_w * d->out_c * 4;
  const int64_t pw_weight_bytes = ir::NumElements(pw->input_value(1).shape) * 4;
  if (dw_bytes < kSeparableMinBytes || pw_weight_bytes > kSeparableMaxWeightBytes)
    return absl::OkStatus();
  std::vector<ir::ValueRef> inputs = {dw->inputs()[0], dw->inputs()[1], pw->inputs()[1]};
  if (dw->num_inputs() == 3) inputs.push_back(dw->inputs()[2]);
  if (pw->num_inputs() == 3) inputs.push_back(pw->inputs()[2]);
  ir::AttrMap attrs;
  attrs["dw_shape"] = ops::ConvShapeAttr(*d);
  attrs["pw_shape"] = ops::ConvShapeAttr(*p);
  attrs["dw_activation"] = dw->GetIntOr("activation", rt::kConvActNone);
  attrs["pw_activation"] = pw->GetIntOr("activation", rt::kConvActNone);
  attrs["dw_bias"] = int64_t{dw->num_inputs() == 3};
  attrs["pw_bias"] = int64_t{pw->num_inputs() == 3};
  return Replace(graph, dw, pw, "TfaotDepthwisePointwise", std::move(inputs), std::move(attrs));
}

}  // namespace

absl::Status FuseKernels(ir::Graph& graph) {
  Readers readers;
  for (const auto& node : graph.nodes())
    for (const ir::ValueRef& in : node->inputs())
      readers[{in.node, in.index}].push_back(node.get());
  std::vector<std::pair<ir::Node*, ir::Node*>> pairs;
  std::set<const ir::Node*> taken;  // a node joins one pair at most (the first in order)
  for (const auto& node : graph.nodes()) {
    if (taken.count(node.get())) continue;
    if (node->op() != "TfaotConv2D" && node->op() != "TfaotDepthwiseConv2D") continue;
    ir::Node* next = OnlyReader(graph, readers, node.get());
    if (!next || next->inputs()[0] != ir::ValueRef{node.get(), 0}) continue;
    if ((node->op() == "TfaotConv2D" && next->op() == "MaxPool") ||
        (node->op() == "TfaotDepthwiseConv2D" && next->op() == "TfaotConv2D")) {
      pairs.push_back({node.get(), next});
      taken.insert(next);
    }
  }
  for (auto& [first, second] : pairs) {
    absl::Status st = first->op() == "TfaotConv2D" ? FuseConvPool(graph, first, second)
                                                   : FuseSeparable(graph, first, second);
    if (!st.ok()) return st;
  }
  graph.RemoveDeadNodes();
  return absl::OkStatus();
}

}  // namespace tfaot::passes
