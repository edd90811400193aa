#include "compiler/driver/model_source.h"

#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/freeze.h"
#include "compiler/import/checkpoint/inline_functions.h"
#include "compiler/import/model_files.h"

namespace tfaot::driver {
namespace {

std::string TensorName(const tensorflow::tf2xla::TensorId& id) {
  return absl::StrCat(id.node_name(), ":", id.output_index());
}

// "node:3" -> TensorId.
void SetTensorId(const std::string& tensor, tensorflow::tf2xla::TensorId* id) {
  size_t colon = tensor.rfind(':');
  id->set_node_name(tensor.substr(0, colon));
  id->set_output_index(colon == std::string::npos ? 0 : std::stoi(tensor.substr(colon + 1)));
}

}  // namespace

std::string ModelDisplayName(const ModelSource& source) {
  std::string path = !source.graph.empty()        ? source.graph
                     : !source.checkpoint.empty() ? source.checkpoint
                                                  : source.saved_model;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

absl::StatusOr<tensorflow::GraphDef> LoadModel(const ModelSource& source,
                                               tensorflow::tf2xla::Config* config) {
  int given = !source.graph.empty() + !source.checkpoint.empty() + !source.saved_model.empty();
  if (given != 1)
    return absl::InvalidArgumentError(
        "give exactly one of --graph (frozen GraphDef), --checkpoint (prefix or directory) "
        "and --saved_model (directory)");
  if (!source.graph.empty()) {
    auto graph = import::ReadGraphDef(source.graph);
    if (!graph.ok()) return graph;
    // Frozen TF2 graphs may still call functions of their library.
    bool has_calls = false;
    for (const auto& node : graph->node())
      has_calls |= node.op() == "PartitionedCall" || node.op() == "StatefulPartitionedCall";
    if (has_calls) {
      std::vector<std::string> roots;
      for (const auto& fetch : config->fetch()) roots.push_back(fetch.id().node_name());
      if (auto s = checkpoint::InlineFunctionCalls(&*graph, roots); !s.ok()) return s;
    }
    return graph;
  }

  checkpoint::FreezeOptions options;
  for (const auto& fetch : config->fetch()) options.fetches.push_back(TensorName(fetch.id()));
  for (const auto& feed : config->feed()) options.feeds.push_back(TensorName(feed.id()));
  for (const std::string& r : source.restore) {
    size_t eq = r.find('=');
    if (eq == std::string::npos) options.restore.push_back({r, ""});
    else options.restore.push_back({r.substr(0, eq), r.substr(eq + 1)});
  }
  options.moving_averages = source.moving_averages;
  options.meta_graph_path = source.meta;
  options.tags = source.tag;
  options.signature = source.signature;
  if (!source.checkpoint.empty()) {
    if (options.fetches.empty())
      return absl::InvalidArgumentError(
          "a checkpoint has no signature: name the fetches in the config");
    auto frozen = checkpoint::FreezeCheckpoint(source.checkpoint, options);
    if (!frozen.ok()) return frozen.status();
    return frozen->graph;
  }
  auto frozen = checkpoint::FreezeSavedModel(source.saved_model, options);
  if (!frozen.ok()) return frozen.status();
  if (config->fetch_size() == 0) {
    for (const std::string& t : frozen->fetches) SetTensorId(t, config->add_fetch()->mutable_id());
    for (const std::string& t : frozen->feeds) SetTensorId(t, config->add_feed()->mutable_id());
  }
  return frozen->graph;
}

}  // namespace tfaot::driver
