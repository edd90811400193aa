#include "compiler/import/config_constants.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/import/import_graph.h"
#include "compiler/import/proto_convert.h"

namespace tfaot::import {
namespace {

std::string TensorString(const std::string& node, int64_t index) {
  return index == 0 ? node : absl::StrCat(node, ":", index);
}

absl::Status Mismatch(const FixedTensor& t, const std::string& what, const std::string& given,
                      const std::string& declared, const std::string& op) {
  return absl::InvalidArgumentError(absl::StrCat(
      "constant '", t.Name(), "' in the config has ", what, " ", given, ", but ", op, " '",
      t.node, "' is ", declared, "; give the value the graph's ", what));
}

// A Placeholder's or Const's dtype and shape bind the value fixed in its place.
absl::Status CheckAgainstSource(const FixedTensor& t, const tensorflow::NodeDef& node,
                                int graph_producer) {
  const bool placeholder = node.op() == "Placeholder" || node.op() == "PlaceholderWithDefault";
  if (t.index != 0 || !(placeholder || node.op() == "Const")) return absl::OkStatus();
  auto dtype = node.attr().find("dtype");
  if (dtype != node.attr().end()) {
    ir::DType declared = ir::DTypeFromProto(dtype->second.type());
    if (declared != ir::DType::kInvalid && declared != t.value.dtype())
      return Mismatch(t, "dtype", ir::DTypeName(t.value.dtype()), ir::DTypeName(declared),
                      node.op());
  }
  ir::PartialShape declared;
  if (placeholder && node.attr().count("shape")) {
    declared = ShapeFromProto(node.attr().at("shape").shape());
    // Up to producer 21 an empty shape meant "any shape" (as the importer reads feeds).
    if (graph_producer <= 21 && !declared.unknown_rank && declared.dims.empty())
      return absl::OkStatus();
  } else if (node.op() == "Const" && node.attr().count("value")) {
    const tensorflow::TensorShapeProto& shape = node.attr().at("value").tensor().tensor_shape();
    declared = ShapeFromProto(shape);
  }
  if (declared.unknown_rank) return absl::OkStatus();
  bool compatible = declared.dims.size() == t.value.shape().size();
  for (size_t i = 0; compatible && i < declared.dims.size(); ++i)
    compatible = declared.dims[i] < 0 || declared.dims[i] == t.value.shape()[i];
  if (!compatible)
    return Mismatch(t, "shape", ir::ShapeToString(t.value.shape()), declared.ToString(),
                    node.op());
  return absl::OkStatus();
}

}  // namespace

std::string FixedTensor::Name() const { return TensorString(node, index); }

absl::StatusOr<std::vector<FixedTensor>> ReadConfigConstants(
    const tensorflow::GraphDef& graph, const tensorflow::tf2xla::Config& config) {
  if (config.constant_size() == 0) return std::vector<FixedTensor>{};
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const tensorflow::NodeDef& node : graph.node()) nodes.emplace(node.name(), &node);
  std::set<std::pair<std::string, int64_t>> fed, fixed;
  for (const auto& feed : config.feed())
    fed.insert({feed.id().node_name(), feed.id().output_index()});
  std::vector<FixedTensor> out;
  for (const auto& entry : config.constant()) {
    const std::string& name = entry.id().node_name();
    const int64_t index = entry.id().output_index();
    auto node = nodes.find(name);
    if (node == nodes.end()) {
      std::vector<std::string> all;
      for (const auto& [n, def] : nodes) all.push_back(n);
      std::vector<std::string> similar = SimilarNames(name, all);
      return absl::InvalidArgumentError(absl::StrCat(
          "a constant in the config names node '", name, "', which is not in the graph",
          similar.empty() ? std::string(" (run `tfaotc inspect` on the graph to list its nodes)")
                          : absl::StrCat("; did you mean ", absl::StrJoin(similar, ", "), "?")));
    }
    const std::string tensor = TensorString(name, index);
    if (index < 0)
      return absl::InvalidArgumentError(
          absl::StrCat("constant '", tensor, "' in the config has a negative output_index"));
    if (!fixed.insert({name, index}).second)
      return absl::InvalidArgumentError(
          absl::StrCat("tensor '", tensor, "' is fixed by two constants in the config"));
    if (fed.count({name, index}))
      return absl::InvalidArgumentError(absl::StrCat(
          "tensor '", tensor, "' is both fed and fixed to a constant in the config; keep the "
          "`feed` to give it at run time or the `constant` to compile it in, not both"));
    if (!entry.has_value() || entry.value().dtype() == tensorflow::DT_INVALID)
      return absl::InvalidArgumentError(absl::StrCat(
          "constant '", tensor, "' in the config has no value dtype; write e.g. `value { dtype: "
          "DT_INT32 tensor_shape { } int_val: 16000 }`"));
    auto value = TensorFromProto(entry.value());
    if (!value.ok())
      return absl::InvalidArgumentError(absl::StrCat("constant '", tensor, "' in the config: ",
                                                     value.status().message()));
    FixedTensor t{name, static_cast<int>(index), *std::move(value)};
    if (auto s = CheckAgainstSource(t, *node->second, graph.versions().producer()); !s.ok())
      return s;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tfaot::import
