#include "compiler/import/checkpoint/graph_util.h"

#include <unordered_map>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tfaot::checkpoint {

InputRef ParseInput(absl::string_view input) {
  InputRef ref;
  if (!input.empty() && input[0] == '^') {
    ref.control = true;
    ref.node = std::string(input.substr(1));
    return ref;
  }
  size_t colon = input.rfind(':');
  int index = 0;
  if (colon != absl::string_view::npos &&
      absl::SimpleAtoi(input.substr(colon + 1), &index) && index >= 0) {
    ref.node = std::string(input.substr(0, colon));
    ref.index = index;
  } else {
    ref.node = std::string(input);
  }
  return ref;
}

std::string FormatInput(const InputRef& ref) {
  if (ref.control) return "^" + ref.node;
  if (ref.index == 0) return ref.node;
  return absl::StrCat(ref.node, ":", ref.index);
}

std::string NodeNameOfTensor(absl::string_view tensor) {
  return ParseInput(tensor).node;
}

absl::StatusOr<std::set<std::string>> DependencyCone(
    const tensorflow::GraphDef& graph, const std::vector<std::string>& roots,
    const std::function<bool(const tensorflow::NodeDef&)>& follow_control) {
  std::unordered_map<std::string, const tensorflow::NodeDef*> by_name;
  for (const auto& n : graph.node()) by_name[n.name()] = &n;
  std::set<std::string> seen;
  std::vector<const tensorflow::NodeDef*> stack;
  for (const std::string& root : roots) {
    auto it = by_name.find(root);
    if (it == by_name.end()) {
      return absl::NotFoundError(
          absl::StrCat("node '", root, "' is not in the graph"));
    }
    if (seen.insert(root).second) stack.push_back(it->second);
  }
  while (!stack.empty()) {
    const tensorflow::NodeDef* n = stack.back();
    stack.pop_back();
    for (const std::string& in : n->input()) {
      InputRef ref = ParseInput(in);
      auto it = by_name.find(ref.node);
      if (it == by_name.end()) {
        return absl::NotFoundError(absl::StrCat(
            "node '", n->name(), "' reads '", in,
            "', which is not in the graph: the graph is incomplete"));
      }
      if (ref.control && !follow_control(*it->second)) continue;
      if (seen.insert(ref.node).second) stack.push_back(it->second);
    }
  }
  return seen;
}

}  // namespace tfaot::checkpoint
