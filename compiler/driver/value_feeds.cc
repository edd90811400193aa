#include "compiler/driver/value_feeds.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "compiler/driver/compile.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/import_graph.h"
#include "compiler/ops/op_util.h"

namespace tfaot::driver {
namespace {

void SetValue(const ir::Tensor& value, tensorflow::TensorProto* proto) {
  proto->set_dtype(static_cast<tensorflow::DataType>(value.dtype()));
  for (int64_t d : value.shape()) proto->mutable_tensor_shape()->add_dim()->set_size(d);
  proto->set_tensor_content(std::string(value.raw(), value.byte_size()));
}

// The feeds (indices into run.config) that `needed` is computed from.
std::set<int> FeedsBehind(const std::string& needed, const tensorflow::GraphDef& graph,
                          const ResolvedRun& run) {
  // `needed` may be the Placeholder the importer made for a feed ("x", or
  // "node/feed" for a feed of an inner op's output): ask the importer.
  if (auto imported = import::ImportGraph(graph, run.config); imported.ok()) {
    const std::vector<ir::Feed>& feeds = (*imported)->feeds();
    for (size_t i = 0; i < feeds.size(); ++i)
      if (feeds[i].node->name() == needed) return {static_cast<int>(i)};
  }
  std::map<std::pair<std::string, int64_t>, int> fed;  // tensor -> feed index
  for (int i = 0; i < run.config.feed_size(); ++i)
    fed[{run.config.feed(i).id().node_name(), run.config.feed(i).id().output_index()}] = i;
  std::map<std::string, const tensorflow::NodeDef*> by_name;
  for (const auto& node : graph.node()) by_name[node.name()] = &node;
  // Walk the data inputs back from `needed`, stopping at fed tensors.
  std::set<int> behind;
  std::set<std::string> seen;
  std::vector<std::string> work = {needed};
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    if (!seen.insert(name).second) continue;
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    for (const std::string& input : it->second->input()) {
      checkpoint::InputRef ref = checkpoint::ParseInput(input);
      if (ref.control) continue;
      auto feed = fed.find({ref.node, ref.index});
      if (feed != fed.end())
        behind.insert(feed->second);
      else
        work.push_back(ref.node);
    }
  }
  return behind;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ConstantizeValueFeeds(const absl::Status& failure,
                                                               const tensorflow::GraphDef& graph,
                                                               ResolvedRun& run) {
  std::string needed = ops::NodeWhoseValueIsNeeded(failure);
  if (needed.empty()) return failure;
  std::set<int> behind = FeedsBehind(needed, graph, run);
  if (behind.empty()) return failure;
  std::vector<std::string> names;
  for (int i : behind) {
    const tensorflow::tf2xla::TensorId& id = run.config.feed(i).id();
    auto* constant = run.config.add_constant();
    *constant->mutable_id() = id;
    SetValue(run.feed_data[i], constant->mutable_value());
    names.push_back(id.output_index() == 0 ? id.node_name()
                                           : absl::StrCat(id.node_name(), ":", id.output_index()));
  }
  for (auto i = behind.rbegin(); i != behind.rend(); ++i) {
    run.config.mutable_feed()->DeleteSubrange(*i, 1);
    run.feed_data.erase(run.feed_data.begin() + *i);
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::unique_ptr<ir::Graph>> LowerWithValueFeeds(
    const tensorflow::GraphDef& graph, ResolvedRun& run, const passes::PipelineOptions& options,
    std::vector<std::string>* constants) {
  auto lowered = LowerGraph(graph, run.config, options);
  while (!lowered.ok()) {
    auto names = ConstantizeValueFeeds(lowered.status(), graph, run);
    if (!names.ok()) return lowered.status();
    constants->insert(constants->end(), names->begin(), names->end());
    lowered = LowerGraph(graph, run.config, options);
  }
  return lowered;
}

}  // namespace tfaot::driver
