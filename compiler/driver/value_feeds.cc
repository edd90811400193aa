#include "compiler/driver/value_feeds.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/driver/compile.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/ops/op_util.h"

namespace tfaot::driver {
namespace {

void MakeConst(const ir::Tensor& value, tensorflow::NodeDef& node) {
  node.set_op("Const");
  node.clear_input();
  node.mutable_attr()->clear();
  auto dtype = static_cast<tensorflow::DataType>(value.dtype());
  (*node.mutable_attr())["dtype"].set_type(dtype);
  tensorflow::TensorProto* proto = (*node.mutable_attr())["value"].mutable_tensor();
  proto->set_dtype(dtype);
  for (int64_t d : value.shape()) proto->mutable_tensor_shape()->add_dim()->set_size(d);
  proto->set_tensor_content(std::string(value.raw(), value.byte_size()));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ConstantizeValueFeeds(const absl::Status& failure,
                                                               tensorflow::GraphDef& graph,
                                                               ResolvedRun& run) {
  std::string needed = ops::NodeWhoseValueIsNeeded(failure);
  if (needed.empty()) return failure;
  std::map<std::string, tensorflow::NodeDef*> by_name;
  for (auto& node : *graph.mutable_node()) by_name[node.name()] = &node;
  std::map<std::string, int> fed;  // node -> feed index (output 0 feeds only)
  for (int i = 0; i < run.config.feed_size(); ++i)
    if (run.config.feed(i).id().output_index() == 0) fed[run.config.feed(i).id().node_name()] = i;

  // Walk the data inputs back from `needed`, stopping at feeds.
  std::set<std::string> seen, behind;
  std::vector<std::string> work = {needed};
  while (!work.empty()) {
    std::string name = work.back();
    work.pop_back();
    if (!seen.insert(name).second) continue;
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    if (fed.count(name)) {
      // Only a source node can become a Const without losing other outputs.
      const std::string& op = it->second->op();
      if (op == "Placeholder" || op == "PlaceholderWithDefault" || op == "Const")
        behind.insert(name);
      continue;
    }
    for (const std::string& input : it->second->input()) {
      checkpoint::InputRef ref = checkpoint::ParseInput(input);
      if (!ref.control) work.push_back(ref.node);
    }
  }
  if (behind.empty()) return failure;

  std::vector<int> drop;
  for (const std::string& name : behind) {
    int i = fed[name];
    // A fed Const gets the fed value too: `tfaotc run` may feed it a file.
    MakeConst(run.feed_data[i], *by_name[name]);
    drop.push_back(i);
  }
  std::sort(drop.rbegin(), drop.rend());
  for (int i : drop) {
    run.config.mutable_feed()->DeleteSubrange(i, 1);
    run.feed_data.erase(run.feed_data.begin() + i);
  }
  return std::vector<std::string>(behind.begin(), behind.end());
}

absl::StatusOr<std::unique_ptr<ir::Graph>> LowerWithValueFeeds(
    tensorflow::GraphDef& graph, ResolvedRun& run, const passes::PipelineOptions& options,
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
