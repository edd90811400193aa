#include "compiler/import/checkpoint/variables.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/tensor_util.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::NodeDef;
using tensorflow::TensorProto;

constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";
constexpr char kVariableValue[] = "VARIABLE_VALUE";
constexpr char kShadowSuffix[] = "/ExponentialMovingAverage";

std::string AttrString(const NodeDef& n, const std::string& name) {
  auto it = n.attr().find(name);
  return it == n.attr().end() ? "" : it->second.s();
}

bool IsAssignOp(const std::string& op) {
  return op == "Assign" || op == "AssignVariableOp";
}

}  // namespace

bool IsVariableOp(const std::string& op) {
  return op == "Variable" || op == "VariableV2" || op == "VarHandleOp";
}

VariableValues::VariableValues(
    const tensorflow::GraphDef& graph, const BundleReader* bundle,
    std::vector<std::pair<std::string, std::string>> restore,
    bool moving_averages)
    : graph_(graph),
      bundle_(bundle),
      restore_list_(std::move(restore)),
      moving_averages_(moving_averages) {}

absl::Status VariableValues::Init() {
  for (const auto& n : graph_.node()) by_name_[n.name()] = &n;
  for (const auto& [var, key] : restore_list_) {
    auto it = by_name_.find(var);
    if (it == by_name_.end() || !IsVariableOp(it->second->op())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--restore names '", var, "', which is not a variable of the graph ",
          "(expected a Variable, VariableV2 or VarHandleOp node)"));
    }
    restore_[var] = key.empty() ? var : key;
  }
  if (bundle_ == nullptr || !bundle_->Contains(kObjectGraphKey)) {
    return absl::OkStatus();
  }
  auto blob = bundle_->ReadTensor(kObjectGraphKey);
  if (!blob.ok()) return blob.status();
  tensorflow::TrackableObjectGraph object_graph;
  if (blob->string_val_size() != 1 ||
      !object_graph.ParseFromString(blob->string_val(0))) {
    return absl::DataLossError(absl::StrCat(
        "checkpoint '", bundle_->prefix(), "' has an unparsable ",
        kObjectGraphKey, " tensor"));
  }
  // TF's own name-based restore of object-based checkpoints matches a
  // variable's graph name against each attribute's full_name.
  for (const auto& node : object_graph.nodes()) {
    for (const auto& attr : node.attributes()) {
      if (attr.name() == kVariableValue && !attr.full_name().empty()) {
        object_keys_.emplace(attr.full_name(), attr.checkpoint_key());
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> VariableValues::KeyFor(const NodeDef& var) const {
  std::string key;
  if (!restore_list_.empty()) {
    auto it = restore_.find(var.name());
    if (it == restore_.end()) return std::string();
    key = it->second;
    if (bundle_ == nullptr || !bundle_->Contains(key)) {
      return absl::NotFoundError(absl::StrCat(
          "variable '", var.name(), "' is to be restored from key '", key,
          "', which checkpoint '", bundle_ ? bundle_->prefix() : "(none)",
          "' does not have; run `tfaotc inspect` on it to list its keys"));
    }
  } else {
    if (bundle_ == nullptr) return std::string();
    std::string shared = AttrString(var, "shared_name");
    for (const std::string& candidate : {var.name(), shared}) {
      if (candidate.empty()) continue;
      if (bundle_->Contains(candidate)) {
        key = candidate;
        break;
      }
      auto it = object_keys_.find(candidate);
      if (it != object_keys_.end() && bundle_->Contains(it->second)) {
        key = it->second;
        break;
      }
    }
    if (key.empty()) return std::string();
  }
  if (moving_averages_ && bundle_->Contains(key + kShadowSuffix)) {
    key += kShadowSuffix;
  }
  return key;
}

absl::Status VariableValues::CheckMatches(const NodeDef& var,
                                          const TensorProto& value,
                                          const std::string& source) const {
  auto dt = var.attr().find("dtype");
  if (dt != var.attr().end() &&
      BaseType(dt->second.type()) != BaseType(value.dtype())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "variable '", var.name(), "' is ", DataTypeName(dt->second.type()),
        " in the graph but ", source, " is ", DataTypeName(value.dtype()),
        ": the checkpoint does not belong to this graph, or use --restore to "
        "map the variable to the right key"));
  }
  auto sh = var.attr().find("shape");
  if (sh != var.attr().end() &&
      !ShapeCompatible(sh->second.shape(), value.tensor_shape())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "variable '", var.name(), "' has shape ",
        ShapeString(sh->second.shape()), " in the graph but ", source,
        " has shape ", ShapeString(value.tensor_shape()),
        ": the checkpoint does not belong to this graph, or use --restore to "
        "map the variable to the right key"));
  }
  return absl::OkStatus();
}

absl::StatusOr<TensorProto> VariableValues::InitializerOf(
    const NodeDef& var, const std::string& why) const {
  // TF1 names a variable's initializer `<var>/Assign`; otherwise accept the
  // one assignment of this variable whose value is a constant.
  std::vector<const NodeDef*> consts;
  const NodeDef* preferred = nullptr;
  for (const auto& n : graph_.node()) {
    if (!IsAssignOp(n.op()) || n.input_size() < 2 ||
        NodeNameOfTensor(n.input(0)) != var.name()) {
      continue;
    }
    const NodeDef* src = nullptr;
    std::string cur = NodeNameOfTensor(n.input(1));
    for (int hops = 0; hops < 16; ++hops) {
      auto it = by_name_.find(cur);
      if (it == by_name_.end()) break;
      if (it->second->op() == "Identity" && it->second->input_size() > 0) {
        cur = NodeNameOfTensor(it->second->input(0));
        continue;
      }
      if (it->second->op() == "Const") src = it->second;
      break;
    }
    if (src == nullptr) continue;
    consts.push_back(src);
    if (n.name() == var.name() + "/Assign") preferred = src;
  }
  if (preferred == nullptr && consts.size() == 1) preferred = consts[0];
  if (preferred == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "variable '", var.name(), "' ", why,
        ", and its initializer is not a constant; restore it from the "
        "checkpoint with --restore=", var.name(), "=CHECKPOINT_KEY"));
  }
  auto v = preferred->attr().find("value");
  if (v == preferred->attr().end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "initializer Const '", preferred->name(), "' of variable '",
        var.name(), "' has no value"));
  }
  absl::Status s = CheckMatches(
      var, v->second.tensor(),
      absl::StrCat("its initializer '", preferred->name(), "'"));
  if (!s.ok()) return s;
  return v->second.tensor();
}

absl::StatusOr<TensorProto> VariableValues::ValueOf(const NodeDef& var) const {
  auto key = KeyFor(var);
  if (!key.ok()) return key.status();
  if (key->empty()) {
    std::string why =
        bundle_ == nullptr ? std::string("has no checkpoint to restore from")
        : restore_list_.empty()
            ? absl::StrCat("is not in checkpoint '", bundle_->prefix(),
                           "' (under its name or shared_name)")
            : std::string("is not in the --restore list");
    return InitializerOf(var, why);
  }
  auto value = bundle_->ReadTensor(*key);
  if (!value.ok()) return value.status();
  absl::Status s = CheckMatches(
      var, *value,
      absl::StrCat("checkpoint tensor '", *key, "' of '", bundle_->prefix(),
                   "'"));
  if (!s.ok()) return s;
  return value;
}

}  // namespace tfaot::checkpoint
