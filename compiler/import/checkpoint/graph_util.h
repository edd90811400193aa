// GraphDef plumbing shared by inlining and freezing: parsing input strings,
// and the set of nodes a list of fetches depends on.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_GRAPH_UTIL_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_GRAPH_UTIL_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

// One NodeDef input: "node", "node:k" or "^node".
struct InputRef {
  std::string node;
  int index = 0;
  bool control = false;
};
InputRef ParseInput(absl::string_view input);
// "node" for output 0, "node:k" otherwise ("^node" for control).
std::string FormatInput(const InputRef& ref);

// Node name of a fetch/feed written as "node", "node:k" or "^node".
std::string NodeNameOfTensor(absl::string_view tensor);

// Names of all nodes that `roots` depend on (roots included), following data
// inputs and those control inputs for which `follow_control(producer)` is
// true. An error names a root or input that does not exist.
absl::StatusOr<std::set<std::string>> DependencyCone(
    const tensorflow::GraphDef& graph, const std::vector<std::string>& roots,
    const std::function<bool(const tensorflow::NodeDef&)>& follow_control);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_GRAPH_UTIL_H_
