#include "compiler/import/checkpoint/variables.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/tensor_slices.h"
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
  saver_keys_ = SaverKeysOf(graph_);
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

absl::StatusOr<SaverKey> VariableValues::KeyFor(const NodeDef& var) const {
  SaverKey key;
  if (!restore_list_.empty()) {
    auto it = restore_.find(var.name());
    if (it == restore_.end()) return SaverKey();
    key.key = it->second;
    if (bundle_ == nullptr || !bundle_->Contains(key.key)) {
      return absl::NotFoundError(absl::StrCat(
          "variable '", var.name(), "' is to be restored from key '", key.key,
          "', which checkpoint '", bundle_ ? bundle_->prefix() : "(none)",
          "' does not have; run `tfaotc inspect` on it to list its keys"));
    }
  } else {
    if (bundle_ == nullptr) return SaverKey();
    auto saver = saver_keys_.find(var.name());
    // A graph whose saver leaves this variable out initializes it instead.
    if (saver == saver_keys_.end() && !saver_keys_.empty()) return SaverKey();
    std::vector<std::string> tried;
    if (saver != saver_keys_.end()) {
      tried.push_back(saver->second.key);
      if (bundle_->Contains(saver->second.key)) key = saver->second;
    }
    std::string shared = AttrString(var, "shared_name");
    for (const std::string& candidate : {var.name(), shared}) {
      if (!key.key.empty() || candidate.empty()) continue;
      if (std::find(tried.begin(), tried.end(), candidate) == tried.end()) {
        tried.push_back(candidate);
      }
      if (bundle_->Contains(candidate)) {
        key.key = candidate;
        continue;
      }
      auto it = object_keys_.find(candidate);
      if (it != object_keys_.end() && bundle_->Contains(it->second)) {
        key.key = it->second;
      }
    }
    // Like tf.train.Saver, a variable to restore must be in the checkpoint.
    if (key.key.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "variable '", var.name(), "' is not in checkpoint '",
          bundle_->prefix(), "' (looked for '", absl::StrJoin(tried, "', '"),
          "'): map it with --restore=", var.name(),
          "=CHECKPOINT_KEY (see `tfaotc inspect`), or list only the variables "
          "to restore with --restore so that the others keep their "
          "initializers"));
    }
  }
  if (moving_averages_ && bundle_->Contains(key.key + kShadowSuffix)) {
    key.key += kShadowSuffix;
  }
  return key;
}

// Reads the checkpoint tensor, cutting out this variable's part when the
// saver restores it as a slice of a partitioned variable.
absl::StatusOr<TensorProto> VariableValues::ReadRestored(
    const NodeDef& var, const SaverKey& key) const {
  auto value = bundle_->ReadTensor(key.key);
  if (!value.ok() || key.shape_and_slice.empty()) return value;
  std::vector<int64_t> dims;
  SliceExtents slice;
  absl::Status s = ParseShapeAndSlice(key.shape_and_slice, &dims, &slice);
  if (!s.ok()) return s;
  std::string what = absl::StrCat("partitioned variable '", var.name(),
                                  "' (slice '", key.shape_and_slice, "' of '",
                                  key.key, "')");
  tensorflow::TensorShapeProto full_shape;
  for (int64_t d : dims) full_shape.add_dim()->set_size(d);
  if (ShapeString(full_shape) != ShapeString(value->tensor_shape()) ||
      value->tensor_content().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": the saver expects full shape ", ShapeString(full_shape),
        " but the checkpoint has ", ShapeString(value->tensor_shape()),
        " ", DataTypeName(value->dtype())));
  }
  auto part = ExtractSlice(value->tensor_content(), DataTypeSize(value->dtype()),
                           dims, slice, what);
  if (!part.ok()) return part.status();
  TensorProto out;
  out.set_dtype(value->dtype());
  for (size_t d = 0; d < dims.size(); ++d) {
    out.mutable_tensor_shape()->add_dim()->set_size(
        slice.length[d] < 0 ? dims[d] : slice.length[d]);
  }
  out.set_tensor_content(std::move(*part));
  return out;
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
  if (key->key.empty()) {
    std::string why =
        bundle_ == nullptr ? std::string("has no checkpoint to restore from")
        : restore_list_.empty()
            ? std::string("is not restored by the graph's saver")
            : std::string("is not in the --restore list");
    return InitializerOf(var, why);
  }
  auto value = ReadRestored(var, *key);
  if (!value.ok()) return value.status();
  absl::Status s = CheckMatches(
      var, *value,
      absl::StrCat("checkpoint tensor '", key->key, "' of '",
                   bundle_->prefix(), "'"));
  if (!s.ok()) return s;
  return value;
}

}  // namespace tfaot::checkpoint
