// Functionalize, TensorArrays: TensorFlow threads a TensorArray through the
// graph as a resource handle (which array) and a flow scalar (the order of
// its reads and writes). Here the flow becomes the array itself, a value of
// shape [size, element...] (ops/control/tensor_array.h): every V3 op reads
// the array where it read the flow, the handle input goes away, and the
// flow's path through loops (Enter, Merge, NextIteration, Exit) carries the
// array. TensorFlow's python builds a linear flow chain; a flow two writers
// update is an error, since one array value cannot take both updates.
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/import/functionalize/functionalize_internal.h"

namespace tfaot::functionalize {
namespace {

// TensorFlow's input count, and which of its inputs the value form keeps
// (the flow first, as the array).
struct Signature {
  int tf_inputs;
  std::vector<int> kept;
};

const std::map<std::string, Signature>& Signatures() {
  static const auto* table = new std::map<std::string, Signature>{
      {"TensorArrayWriteV3", {4, {3, 1, 2}}},   // handle, index, value, flow
      {"TensorArrayScatterV3", {4, {3, 1, 2}}}, // handle, indices, value, flow
      {"TensorArraySplitV3", {4, {3, 1, 2}}},   // handle, value, lengths, flow
      {"TensorArrayReadV3", {3, {2, 1}}},       // handle, index, flow
      {"TensorArrayGatherV3", {3, {2, 1}}},     // handle, indices, flow
      {"TensorArrayConcatV3", {2, {1}}},        // handle, flow
      {"TensorArraySizeV3", {2, {1}}},          // handle, flow
  };
  return *table;
}

bool IsWriter(const std::string& op) {
  return op == "TensorArrayWriteV3" || op == "TensorArrayScatterV3" ||
         op == "TensorArraySplitV3";
}

}  // namespace

absl::Status RewriteTensorArrays(ir::Graph& graph) {
  bool any = false;
  for (const auto& node : graph.nodes()) {
    if (node->op() == "TensorArrayV3") {
      any = true;
      for (const ir::Fetch& f : graph.fetches())
        if (f.value.node == node.get())
          return node->Error("is fetched: a TensorArray's handle and flow have no value to "
                             "return; fetch what a TensorArrayReadV3, GatherV3 or ConcatV3 "
                             "reads from it");
      graph.ReplaceAllUses({node.get(), 1}, {node.get(), 0});
      node->outputs().resize(1);
      continue;
    }
    auto sig = Signatures().find(node->op());
    if (sig == Signatures().end()) continue;
    any = true;
    if (node->num_inputs() != sig->second.tf_inputs)
      return node->Error(absl::StrCat("has ", node->num_inputs(), " inputs; TensorFlow's op has ",
                                      sig->second.tf_inputs));
    std::vector<ir::ValueRef> kept;
    for (int i : sig->second.kept) kept.push_back(node->inputs()[i]);
    node->inputs() = kept;
    if (IsWriter(node->op()))
      for (const ir::Fetch& f : graph.fetches())
        if (f.value.node == node.get())
          return node->Error("is fetched: its output is a TensorArray's flow, which has no "
                             "value to return; fetch what a TensorArrayReadV3, GatherV3 or "
                             "ConcatV3 reads from it");
  }
  if (!any) return absl::OkStatus();
  std::map<std::pair<const ir::Node*, int>, const ir::Node*> writer_of;
  for (const auto& node : graph.nodes()) {
    if (!IsWriter(node->op())) continue;
    const ir::ValueRef& array = node->inputs()[0];
    auto [it, added] = writer_of.emplace(std::make_pair(array.node, array.index), node.get());
    if (!added)
      return node->Error(absl::StrCat(
          "and '", it->second->name(), "' both write the TensorArray flow '", array.node->name(),
          "' (the flow forks); tfaotc needs the linear flow chain TensorFlow's TensorArray "
          "API builds"));
  }
  return absl::OkStatus();
}

}  // namespace tfaot::functionalize
