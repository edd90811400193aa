#include "tests/checkpoint_e2e/run_model.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "compiler/driver/run_command.h"
#include "gtest/gtest.h"

namespace tfaot::e2e {
namespace {

void SetId(const std::string& tensor, tensorflow::tf2xla::TensorId* id) {
  size_t colon = tensor.rfind(':');
  id->set_node_name(tensor.substr(0, colon));
  id->set_output_index(colon == std::string::npos ? 0 : std::stoi(tensor.substr(colon + 1)));
}

}  // namespace

absl::StatusOr<std::vector<ir::Tensor>> LoadAndRun(const driver::ModelSource& source,
                                                   const std::vector<Feed>& feeds,
                                                   const std::vector<std::string>& fetches) {
  driver::ResolvedRun run;
  tensorflow::tf2xla::Config& config = run.config;
  if (!fetches.empty()) {
    for (const Feed& f : feeds) SetId(f.tensor, config.add_feed()->mutable_id());
    for (const std::string& f : fetches) SetId(f, config.add_fetch()->mutable_id());
  }
  auto graph = driver::LoadModel(source, &config);
  if (!graph.ok()) return graph.status();
  if (config.feed_size() != static_cast<int>(feeds.size()))
    return absl::InvalidArgumentError(
        absl::StrCat("the model has ", config.feed_size(), " feeds, the test gives ", feeds.size()));
  for (size_t i = 0; i < feeds.size(); ++i) {
    auto* feed = config.mutable_feed(static_cast<int>(i));
    feed->mutable_shape()->clear_dim();
    for (int64_t d : feeds[i].value.shape()) feed->mutable_shape()->add_dim()->set_size(d);
    feed->set_type(static_cast<tensorflow::DataType>(feeds[i].value.dtype()));
    feed->set_name(absl::StrCat("feed", i));
    run.feed_data.push_back(feeds[i].value);
  }
  for (int i = 0; i < config.fetch_size(); ++i) {
    config.mutable_fetch(i)->set_name(absl::StrCat("fetch", i));
    run.fetch_outputs.push_back("");
    run.fetch_display.push_back(config.fetch(i).id().node_name());
  }
  driver::RunOptions options;
  options.target = "native";
  return driver::CompileAndRun(*graph, run, options, nullptr);
}

std::string TfModelsOrFail() {
  const char* env = std::getenv("TFAOT_TFMODELS");
  if (env != nullptr && std::filesystem::is_directory(std::string(env) + "/mnist")) return env;
  ADD_FAILURE() << "TFAOT_TFMODELS is unset or not the tfmodels directory (got '"
                << (env ? env : "") << "'): this test needs the TensorFlow models; run it via "
                << "tools/test.sh or with --test_env=TFAOT_TFMODELS=/abs/path/to/tfmodels. "
                << "Without the data it fails rather than pass.";
  return "";
}

}  // namespace tfaot::e2e
