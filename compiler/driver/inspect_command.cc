#include "compiler/driver/inspect_command.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/driver/inspect_control_flow.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/functionalize/functionalize.h"
#include "compiler/import/model_files.h"
#include "compiler/import/proto_convert.h"
#include "compiler/ir/dtype.h"
#include "compiler/ops/op_def.h"

namespace tfaot::driver {
namespace {

std::string DTypeOfAttr(const tensorflow::NodeDef& node, const char* key) {
  auto it = node.attr().find(key);
  if (it == node.attr().end()) return "?";
  return ir::DTypeName(ir::DTypeFromProto(it->second.type()));
}

// Ops that are never a model's output even when nothing reads them.
bool IsBookkeeping(const std::string& op) {
  static const std::set<std::string> kOps = {
      "NoOp", "Const", "Assign", "AssignAdd", "AssignSub", "AssignVariableOp", "SaveV2", "Save",
      "RestoreV2", "Restore", "MergeV2Checkpoints", "VarIsInitializedOp", "Placeholder"};
  return kOps.count(op) > 0;
}

// An op with an OpDef, or one the import rewrites (loops, conditionals).
bool Supported(const std::string& op) {
  return ops::FindOp(op) || functionalize::FunctionalizedOps().count(op);
}

}  // namespace

void InspectGraph(const tensorflow::GraphDef& graph, const std::string& name, std::ostream& out) {
  std::set<std::string> consumed;
  std::map<std::string, int> histogram;
  std::map<std::string, std::vector<std::string>> unsupported;
  for (const auto& node : graph.node()) {
    for (const std::string& in : node.input())
      if (!in.empty() && in[0] != '^') consumed.insert(checkpoint::NodeNameOfTensor(in));
    ++histogram[node.op()];
    if (!Supported(node.op())) unsupported[node.op()].push_back(node.name());
  }
  out << "graph: " << name << " (" << graph.node_size() << " nodes, producer "
      << graph.versions().producer() << ")\n";
  out << "inputs (placeholders):\n";
  std::vector<const tensorflow::NodeDef*> inputs, outputs;
  for (const auto& node : graph.node()) {
    if (node.op() == "Placeholder" || node.op() == "PlaceholderWithDefault") {
      inputs.push_back(&node);
      ir::PartialShape shape;
      auto it = node.attr().find("shape");
      if (it != node.attr().end()) shape = import::ShapeFromProto(it->second.shape());
      out << "  " << node.name() << "  " << DTypeOfAttr(node, "dtype") << " " << shape.ToString()
          << (node.op() == "PlaceholderWithDefault" ? "  (has a default)" : "") << "\n";
    }
  }
  if (inputs.empty()) out << "  (none: inputs may be frozen Consts; feed a Const to make it one)\n";
  out << "likely outputs (nothing reads them):\n";
  for (const auto& node : graph.node()) {
    if (consumed.count(node.name()) || IsBookkeeping(node.op())) continue;
    outputs.push_back(&node);
    out << "  " << node.name() << "  (" << node.op() << ")\n";
  }
  out << "ops:\n";
  for (const auto& [op, count] : histogram)
    out << "  " << op << " " << count << (Supported(op) ? "" : "  (unsupported)") << "\n";
  if (unsupported.empty()) {
    out << "unsupported ops: none\n";
  } else {
    out << "unsupported ops (a problem only if the fetches need them):\n";
    for (const auto& [op, nodes] : unsupported) {
      std::vector<std::string> shown(nodes.begin(), nodes.begin() + std::min<size_t>(nodes.size(), 5));
      out << "  " << op << ": " << absl::StrJoin(shown, ", ")
          << (nodes.size() > 5 ? absl::StrCat(", ... (", nodes.size(), " nodes)") : "") << "\n";
    }
  }
  InspectControlFlow(graph, out);
  out << "config skeleton (tf2xla.Config text; replace -1 with real sizes):\n";
  for (const auto* node : inputs) {
    out << "feed {\n  id { node_name: \"" << node->name() << "\" }\n  shape {";
    auto it = node->attr().find("shape");
    if (it != node->attr().end())
      for (const auto& d : it->second.shape().dim()) out << " dim { size: " << d.size() << " }";
    out << " }\n}\n";
  }
  for (const auto* node : outputs)
    out << "fetch {\n  id { node_name: \"" << node->name() << "\" }\n}\n";
}

absl::Status InspectGraphFile(const std::string& path, std::ostream& out) {
  auto graph = import::ReadGraphDef(path);
  if (!graph.ok()) return graph.status();
  InspectGraph(*graph, path, out);
  return absl::OkStatus();
}

}  // namespace tfaot::driver
