// Fuzz target: GraphDef bytes (binary or text, as `tfaotc --graph` reads
// them) -> import -> the whole pass pipeline -> the emitted header and source
// for one instruction set. No file is written and nothing is built.
//
// The instruction set is a function of the input's bytes (so a finding
// replays on the ISA that found it): emitting all three for every input
// tripled the emitter's share of each execution, the largest one in perf,
// while mutations of one input already spread over the three.
//
// The config is derived from the graph the way a user would write it from
// `tfaotc inspect`: every Placeholder is fed (unknown dimensions become 2),
// every node nothing reads is fetched. Errors are the expected answer to bad
// input; a crash, a sanitizer report or an internal error is a finding.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "compiler/codegen/module_emitter.h"
#include "compiler/driver/compile.h"
#include "compiler/import/model_files.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr int kMaxFeeds = 16;
constexpr int kMaxFetches = 16;

tensorflow::tf2xla::Config ConfigFor(const tensorflow::GraphDef& graph) {
  tensorflow::tf2xla::Config config;
  std::set<std::string> consumed;
  for (const auto& node : graph.node())
    for (const std::string& input : node.input()) {
      std::string name = input.substr(input[0] == '^' ? 1 : 0);
      consumed.insert(name.substr(0, name.find(':')));
    }
  for (const auto& node : graph.node()) {
    if (node.op() == "Placeholder" && config.feed_size() < kMaxFeeds) {
      auto* feed = config.add_feed();
      feed->mutable_id()->set_node_name(node.name());
      auto it = node.attr().find("shape");
      if (it != node.attr().end() && !it->second.shape().unknown_rank()) {
        for (const auto& dim : it->second.shape().dim())
          feed->mutable_shape()->add_dim()->set_size(dim.size() < 0 ? 2 : dim.size());
      }
    } else if (!consumed.count(node.name()) && config.fetch_size() < kMaxFetches) {
      config.add_fetch()->mutable_id()->set_node_name(node.name());
    }
  }
  return config;
}

const char* TargetFor(const uint8_t* data, size_t size) {
  static const char* const kTargets[] = {"generic", "avx2", "avx512"};
  uint32_t sum = static_cast<uint32_t>(size);
  for (size_t i = 0; i < size; ++i) sum += data[i];
  return kTargets[sum % 3];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tfaot::fuzz::SilenceProtobufLogs();
  auto graph_def = tfaot::import::ParseGraphDef(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.pb");
  if (!graph_def.ok()) return 0;
  tensorflow::tf2xla::Config config = ConfigFor(*graph_def);
  auto graph = tfaot::driver::LowerGraph(*graph_def, config, {});
  tfaot::fuzz::CheckNotInternal(graph.status(), "import + pipeline");
  if (!graph.ok()) return 0;
  tfaot::codegen::ModuleOptions options;
  options.cpp_class = "fuzz::Model";
  options.header_include = "model.h";
  options.model_name = "fuzz.pb";
  options.target = TargetFor(data, size);
  auto module = tfaot::codegen::EmitModule(**graph, options);
  tfaot::fuzz::CheckNotInternal(module.status(), "code generation");
  return 0;
}
