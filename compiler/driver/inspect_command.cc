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

// Skeleton entries for a string input, which tfaotc cannot feed: a reader
// DecodeWav's outputs instead (the audio, and the sample rate fixed at
// compile time); for other readers, a note.
void StringInputSkeleton(const tensorflow::GraphDef& graph, const tensorflow::NodeDef& input,
                         std::ostream& out) {
  for (const auto& node : graph.node()) {
    bool reads = false;
    for (const std::string& in : node.input())
      reads |= !in.empty() && in[0] != '^' && checkpoint::NodeNameOfTensor(in) == input.name();
    if (!reads) continue;
    if (node.op() != "DecodeWav") {
      out << "# " << input.name() << " holds strings, which tfaotc cannot compile: feed what '"
          << node.name() << "' (" << node.op() << ") outputs instead\n";
      continue;
    }
    auto size = [&](const char* key) {
      auto it = node.attr().find(key);
      return it != node.attr().end() && it->second.i() > 0 ? it->second.i() : -1;
    };
    out << "# " << input.name() << " holds a WAV file, which tfaotc cannot parse: feed what '"
        << node.name() << "' (DecodeWav) decodes it to\n"
        << "feed {\n  id { node_name: \"" << node.name() << "\" output_index: 0 }\n"
        << "  shape { dim { size: " << size("desired_samples") << " } dim { size: "
        << size("desired_channels") << " } }\n  type: DT_FLOAT\n  name: \"audio\"\n}\n"
        << "# the sample rate (set your audio's), fixed at compile time: Mfcc's filterbank\n"
        << "# depends on it\n"
        << "constant {\n  id { node_name: \"" << node.name() << "\" output_index: 1 }\n"
        << "  value { dtype: DT_INT32 tensor_shape { } int_val: 16000 }\n}\n";
  }
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
    auto dtype = node->attr().find("dtype");
    if (dtype != node->attr().end() && dtype->second.type() == tensorflow::DT_STRING) {
      StringInputSkeleton(graph, *node, out);
      continue;
    }
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
