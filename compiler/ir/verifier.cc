#include "compiler/ir/verifier.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace tfaot::ir {

absl::Status VerifyGraph(const Graph& graph) {
  std::map<const Node*, int> position;
  std::set<std::string> names;
  for (const auto& node : graph.nodes()) {
    if (!names.insert(node->name()).second)
      return absl::InternalError(absl::StrCat("IR: duplicate node name '", node->name(), "'"));
    for (int i = 0; i < node->num_inputs(); ++i) {
      const ValueRef& in = node->inputs()[i];
      if (!in.node || !position.count(in.node))
        return absl::InternalError(absl::StrCat("IR: input ", i, " of ", node->Describe(),
                                                " is not defined before it"));
      if (in.index < 0 || in.index >= in.node->num_outputs())
        return absl::InternalError(absl::StrCat("IR: input ", i, " of ", node->Describe(),
                                                " reads output ", in.index, " of ",
                                                in.node->Describe(), " which has ",
                                                in.node->num_outputs(), " outputs"));
    }
    position[node.get()] = static_cast<int>(position.size());
  }
  for (const Feed& feed : graph.feeds())
    if (!position.count(feed.node))
      return absl::InternalError(absl::StrCat("IR: feed '", feed.name, "' lost its node"));
  for (const Fetch& fetch : graph.fetches())
    if (!position.count(fetch.value.node))
      return absl::InternalError(absl::StrCat("IR: fetch '", fetch.name, "' lost its node"));
  return absl::OkStatus();
}

}  // namespace tfaot::ir
