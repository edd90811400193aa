#include "compiler/import/checkpoint/saver_keys.h"

#include <set>
#include <unordered_map>

#include "compiler/import/checkpoint/graph_util.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::NodeDef;
using NodeMap = std::unordered_map<std::string, const NodeDef*>;

const NodeDef* Find(const NodeMap& nodes, const std::string& name) {
  auto it = nodes.find(name);
  return it == nodes.end() ? nullptr : it->second;
}

// Follows Identity nodes back from `input`; returns the producer and the
// output index read.
const NodeDef* Producer(const NodeMap& nodes, std::string input, int* index) {
  for (int hops = 0; hops < 16; ++hops) {
    InputRef ref = ParseInput(input);
    const NodeDef* n = Find(nodes, ref.node);
    if (n == nullptr) return nullptr;
    if (n->op() != "Identity" || n->input_size() == 0) {
      *index = ref.index;
      return n;
    }
    input = n->input(0);
  }
  return nullptr;
}

// The string_val list of the Const feeding `input`, or nullptr.
const google::protobuf::RepeatedPtrField<std::string>* ConstStrings(
    const NodeMap& nodes, const std::string& input) {
  int index;
  const NodeDef* n = Producer(nodes, input, &index);
  if (n == nullptr || n->op() != "Const") return nullptr;
  auto it = n->attr().find("value");
  if (it == n->attr().end()) return nullptr;
  return &it->second.tensor().string_val();
}

}  // namespace

std::map<std::string, SaverKey> SaverKeysOf(const tensorflow::GraphDef& graph) {
  NodeMap nodes;
  for (const auto& n : graph.node()) nodes[n.name()] = &n;
  std::map<std::string, SaverKey> keys;
  std::set<std::string> ambiguous;
  for (const auto& assign : graph.node()) {
    if ((assign.op() != "Assign" && assign.op() != "AssignVariableOp") ||
        assign.input_size() < 2) {
      continue;
    }
    int index = 0;
    const NodeDef* restore = Producer(nodes, assign.input(1), &index);
    if (restore == nullptr || restore->input_size() < 3) continue;
    SaverKey key;
    if (restore->op() == "RestoreV2") {
      auto* names = ConstStrings(nodes, restore->input(1));
      auto* slices = ConstStrings(nodes, restore->input(2));
      if (names == nullptr || index >= names->size()) continue;
      key.key = names->Get(index);
      if (slices != nullptr && index < slices->size()) {
        key.shape_and_slice = slices->Get(index);
      }
    } else if (restore->op() == "RestoreSlice") {
      auto* names = ConstStrings(nodes, restore->input(1));
      auto* slices = ConstStrings(nodes, restore->input(2));
      if (names == nullptr || names->empty()) continue;
      key.key = names->Get(0);
      if (slices != nullptr && !slices->empty()) key.shape_and_slice = slices->Get(0);
    } else {
      continue;
    }
    int unused;
    const NodeDef* var = Producer(nodes, assign.input(0), &unused);
    if (var == nullptr) continue;
    auto [it, inserted] = keys.emplace(var->name(), key);
    if (!inserted && (it->second.key != key.key ||
                      it->second.shape_and_slice != key.shape_and_slice)) {
      ambiguous.insert(var->name());
    }
  }
  for (const auto& name : ambiguous) keys.erase(name);
  return keys;
}

}  // namespace tfaot::checkpoint
