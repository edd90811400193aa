// The core of freezing: inline calls, turn feeds into Placeholders, replace
// variables by Consts, drop state updates and prune to the fetches.
#include "compiler/import/checkpoint/freeze.h"

#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/inline_functions.h"
#include "compiler/import/checkpoint/variables.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

// Ops that only write state (initializers, restore/save, training updates).
// Freezing drops them; a control edge to one of them is dropped with it.
bool IsStateUpdateOp(const std::string& op) {
  static const std::set<std::string>* ops = new std::set<std::string>{
      "Assign", "AssignAdd", "AssignSub", "AssignVariableOp",
      "AssignAddVariableOp", "AssignSubVariableOp", "VarIsInitializedOp",
      "IsVariableInitialized", "DisableCopyOnRead", "SaveV2", "Save",
      "SaveSlices", "RestoreV2", "Restore", "RestoreSlice",
      "MergeV2Checkpoints", "NoOp"};
  return ops->count(op) || absl::StartsWith(op, "Apply") ||
         absl::StartsWith(op, "ResourceApply") ||
         absl::StartsWith(op, "ScatterUpdate");
}

// Ops that must not survive freezing (what tests and users check for).
bool IsForbiddenInFrozenGraph(const std::string& op) {
  return IsVariableOp(op) || op == "ReadVariableOp" || IsCallOp(op) ||
         (IsStateUpdateOp(op) && op != "NoOp");
}

// Control edges to state updates go with them. Control edges to Identity,
// IdentityN and NoOp (what inlining leaves of a call) order nothing once
// every variable is a constant, so they go too.
bool DropsControlEdge(const std::string& op) {
  return IsStateUpdateOp(op) || op == "Identity" || op == "IdentityN";
}

bool FollowControl(const NodeDef& producer) {
  return !DropsControlEdge(producer.op());
}

// Turns a fed tensor's node into a Placeholder so the frozen graph starts
// at the feed (e.g. a SavedModel input that is an Identity of parsing ops).
absl::Status ApplyFeed(GraphDef* graph, const std::string& feed,
                       const tensorflow::TensorInfo* info) {
  InputRef ref = ParseInput(feed);
  for (auto& n : *graph->mutable_node()) {
    if (n.name() != ref.node) continue;
    if (n.op() == "Placeholder" || n.op() == "PlaceholderV2") return {};
    if (ref.index != 0) {
      return absl::UnimplementedError(absl::StrCat(
          "feed '", feed, "' is output ", ref.index, " of ", n.op(), " node '",
          n.name(), "'; only output 0 of a non-Placeholder node can be fed"));
    }
    tensorflow::DataType dtype = tensorflow::DT_INVALID;
    if (info != nullptr) dtype = info->dtype();
    for (const char* attr : {"T", "dtype"}) {
      auto it = n.attr().find(attr);
      if (dtype == tensorflow::DT_INVALID && it != n.attr().end()) {
        dtype = it->second.type();
      }
    }
    if (dtype == tensorflow::DT_INVALID) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot tell the dtype of feed '", feed, "'"));
    }
    NodeDef placeholder;
    placeholder.set_name(n.name());
    placeholder.set_op("Placeholder");
    (*placeholder.mutable_attr())["dtype"].set_type(dtype);
    auto* shape = (*placeholder.mutable_attr())["shape"].mutable_shape();
    if (info != nullptr && info->has_tensor_shape()) {
      *shape = info->tensor_shape();
    } else {
      shape->set_unknown_rank(true);
    }
    n = std::move(placeholder);
    return absl::OkStatus();
  }
  return absl::NotFoundError(
      absl::StrCat("feed '", feed, "' names no node of the graph"));
}

// Follows Identity nodes from a resource tensor to its VarHandleOp.
const NodeDef* TraceResource(const std::map<std::string, NodeDef*>& by_name,
                             std::string node) {
  for (int hops = 0; hops < 64; ++hops) {
    auto it = by_name.find(node);
    if (it == by_name.end()) return nullptr;
    const NodeDef* n = it->second;
    if (n->op() != "Identity" || n->input_size() == 0) return n;
    node = NodeNameOfTensor(n->input(0));
  }
  return nullptr;
}

absl::Status FreezeInPlace(GraphDef* g, const BundleReader* bundle,
                           const FreezeOptions& options,
                           const std::vector<std::string>& roots) {
  auto cone = DependencyCone(*g, roots, FollowControl);
  if (!cone.ok()) return cone.status();
  VariableValues values(*g, bundle, options.restore, options.moving_averages);
  absl::Status s = values.Init();
  if (!s.ok()) return s;

  // Compute all values before rewriting: initializers are read from the
  // graph as it was.
  std::map<std::string, tensorflow::TensorProto> frozen;
  for (const auto& n : g->node()) {
    if (!cone->count(n.name()) || !IsVariableOp(n.op())) continue;
    auto value = values.ValueOf(n);
    if (!value.ok()) return value.status();
    frozen[n.name()] = std::move(*value);
  }
  std::map<std::string, NodeDef*> by_name;
  for (auto& n : *g->mutable_node()) by_name[n.name()] = &n;
  for (auto& [name, value] : frozen) {
    NodeDef* n = by_name[name];
    NodeDef c;
    c.set_name(n->name());
    c.set_op("Const");
    c.set_device(n->device());
    (*c.mutable_attr())["dtype"].set_type(value.dtype());
    *(*c.mutable_attr())["value"].mutable_tensor() = std::move(value);
    *n = std::move(c);
  }
  std::vector<NodeDef> added;
  for (auto& n : *g->mutable_node()) {
    if (!cone->count(n.name())) continue;
    if (n.op() != "ReadVariableOp" && n.op() != "ResourceGather") continue;
    const NodeDef* var =
        n.input_size() > 0 ? TraceResource(by_name, NodeNameOfTensor(n.input(0)))
                           : nullptr;
    if (var == nullptr || !frozen.count(var->name())) {
      return absl::UnimplementedError(absl::StrCat(
          n.op(), " '", n.name(), "' reads a resource that is not a "
          "VarHandleOp of this graph (", n.input_size() ? n.input(0) : "",
          "); it cannot be frozen"));
    }
    // `var` is the Const now; its dtype attr is the checkpoint value's.
    const tensorflow::AttrValue& dtype = var->attr().at("dtype");
    NodeDef r;
    r.set_name(n.name());
    r.set_device(n.device());
    r.add_input(var->name());
    if (n.op() == "ReadVariableOp") {
      r.set_op("Identity");
      (*r.mutable_attr())["T"] = dtype;
    } else {
      // ResourceGather(var, indices) reads like GatherV2(value, indices, 0).
      if (n.input_size() < 2) {
        return absl::InvalidArgumentError(absl::StrCat(
            "ResourceGather '", n.name(), "' has no indices input"));
      }
      NodeDef axis;
      axis.set_name(n.name() + "/axis");
      axis.set_op("Const");
      (*axis.mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
      auto* t = (*axis.mutable_attr())["value"].mutable_tensor();
      t->set_dtype(tensorflow::DT_INT32);
      t->add_int_val(0);
      r.set_op("GatherV2");
      r.add_input(n.input(1));
      r.add_input(axis.name());
      (*r.mutable_attr())["Tparams"] = dtype;
      (*r.mutable_attr())["Taxis"].set_type(tensorflow::DT_INT32);
      for (const char* a : {"Tindices", "batch_dims"}) {
        auto it = n.attr().find(a);
        if (it != n.attr().end()) (*r.mutable_attr())[a] = it->second;
      }
      added.push_back(std::move(axis));
    }
    for (int i = n.op() == "ReadVariableOp" ? 1 : 2; i < n.input_size(); ++i) {
      r.add_input(n.input(i));
    }
    n = std::move(r);
  }
  for (auto& n : added) {
    if (by_name.count(n.name())) {
      return absl::AlreadyExistsError(absl::StrCat(
          "cannot add node '", n.name(), "': the name is taken"));
    }
    cone->insert(n.name());
    *g->add_node() = std::move(n);
  }
  // Drop those control edges everywhere in the cone.
  for (auto& n : *g->mutable_node()) {
    if (!cone->count(n.name())) continue;
    auto* inputs = n.mutable_input();
    for (int i = inputs->size() - 1; i >= 0; --i) {
      InputRef ref = ParseInput(inputs->Get(i));
      auto it = by_name.find(ref.node);
      if (ref.control && it != by_name.end() &&
          DropsControlEdge(it->second->op())) {
        inputs->DeleteSubrange(i, 1);
      }
    }
  }
  return absl::OkStatus();
}

// Keeps only the nodes `roots` depend on, in their original order, and
// strips colocation hints that name removed nodes.
absl::StatusOr<GraphDef> Prune(const GraphDef& g,
                               const std::vector<std::string>& roots) {
  auto keep = DependencyCone(g, roots, [](const NodeDef&) { return true; });
  if (!keep.ok()) return keep.status();
  GraphDef out;
  *out.mutable_versions() = g.versions();
  for (const auto& n : g.node()) {
    if (!keep->count(n.name())) continue;
    if (IsForbiddenInFrozenGraph(n.op())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the fetches depend on ", n.op(), " node '", n.name(),
          "', which changes or saves state and cannot be frozen; fetch a "
          "tensor that only reads variables"));
    }
    for (const auto& [name, attr] : n.attr()) {
      if (attr.type() == tensorflow::DT_RESOURCE) {
        return absl::UnimplementedError(absl::StrCat(
            n.op(), " node '", n.name(), "' uses a resource (attr '", name,
            "'); only ReadVariableOp and ResourceGather reads of variables "
            "can be frozen"));
      }
    }
    NodeDef* copy = out.add_node();
    *copy = n;
    auto cls = copy->mutable_attr()->find("_class");
    if (cls != copy->mutable_attr()->end()) {
      bool stale = false;
      for (const auto& loc : cls->second.list().s()) {
        if (absl::StartsWith(loc, "loc:@") && !keep->count(loc.substr(5))) {
          stale = true;
        }
      }
      if (stale) copy->mutable_attr()->erase(cls);
    }
  }
  *out.mutable_library() = g.library();
  PruneFunctionLibrary(&out);
  return out;
}

}  // namespace

absl::StatusOr<GraphDef> FreezeGraphDef(const GraphDef& graph,
                                        const BundleReader* bundle,
                                        const FreezeOptions& options) {
  return FreezeGraphDef(graph, bundle, options, {});
}

absl::StatusOr<GraphDef> FreezeGraphDef(
    const GraphDef& graph, const BundleReader* bundle,
    const FreezeOptions& options,
    const std::map<std::string, tensorflow::TensorInfo>& feed_info) {
  if (options.fetches.empty()) {
    return absl::InvalidArgumentError(
        "nothing to freeze: pass at least one --fetch=NODE");
  }
  std::vector<std::string> roots;
  for (const auto& t : options.fetches) roots.push_back(NodeNameOfTensor(t));
  for (const auto& t : options.feeds) roots.push_back(NodeNameOfTensor(t));
  GraphDef g = graph;
  absl::Status s = InlineFunctionCalls(&g, roots);
  if (!s.ok()) return s;
  for (const auto& feed : options.feeds) {
    auto info = feed_info.find(feed);
    s = ApplyFeed(&g, feed, info == feed_info.end() ? nullptr : &info->second);
    if (!s.ok()) return s;
  }
  s = FreezeInPlace(&g, bundle, options, roots);
  if (!s.ok()) return s;
  return Prune(g, roots);
}

}  // namespace tfaot::checkpoint
