#include "compiler/driver/run_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/codegen/target.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/host_build.h"
#include "compiler/driver/value_feeds.h"
#include "compiler/import/import_graph.h"
#include "compiler/import/model_files.h"
#include "compiler/import/proto_convert.h"
#include "compiler/passes/pipeline.h"
#include "tools/npy/npy.h"

namespace tfaot::driver {
namespace {

struct Spec {
  std::string node;
  int index = 0;
  std::string file;
};

absl::StatusOr<Spec> ParseSpec(const std::string& text, const char* flag) {
  Spec spec;
  std::string tensor = text;
  size_t eq = text.find('=');
  if (eq != std::string::npos) {
    tensor = text.substr(0, eq);
    spec.file = text.substr(eq + 1);
  }
  spec.node = tensor;
  size_t colon = tensor.rfind(':');
  if (colon != std::string::npos) {
    if (!absl::SimpleAtoi(tensor.substr(colon + 1), &spec.index) || spec.index < 0)
      return absl::InvalidArgumentError(absl::StrCat("--", flag, "=", text,
                                                     ": expected NODE[:INDEX][=FILE.npy]"));
    spec.node = tensor.substr(0, colon);
  }
  if (spec.node.empty())
    return absl::InvalidArgumentError(absl::StrCat("--", flag, "=", text, ": no node name"));
  return spec;
}

const tensorflow::NodeDef* FindNodeDef(const tensorflow::GraphDef& graph, const std::string& name) {
  for (const auto& n : graph.node())
    if (n.name() == name) return &n;
  return nullptr;
}

void SetShape(const ir::Shape& shape, tensorflow::TensorShapeProto* proto) {
  proto->clear_dim();
  for (int64_t d : shape) proto->add_dim()->set_size(d);
}

}  // namespace

absl::StatusOr<ResolvedRun> ResolveRunSpecs(const tensorflow::GraphDef& graph,
                                            const RunOptions& options) {
  ResolvedRun run;
  for (const std::string& text : options.feeds) {
    auto spec = ParseSpec(text, "feed");
    if (!spec.ok()) return spec.status();
    const tensorflow::NodeDef* node = FindNodeDef(graph, spec->node);
    ir::Tensor data;
    if (!spec->file.empty()) {
      auto t = npy::ReadNpy(spec->file);
      if (!t.ok()) return t.status();
      data = *std::move(t);
    } else if (node && node->op() == "Const" && spec->index == 0) {
      // A frozen input: run time gets the constant's own value.
      auto t = import::TensorFromProto(node->attr().at("value").tensor());
      if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat("node '", spec->node, "': ", t.status().message()));
      data = *std::move(t);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--feed=", text, ": give the input values as NODE=FILE.npy (only a Const node can be "
          "fed without a file: it is fed its own value)"));
    }
    if (node && node->op() == "Placeholder" && spec->index == 0 && node->attr().count("dtype")) {
      ir::DType want = ir::DTypeFromProto(node->attr().at("dtype").type());
      if (want != ir::DType::kInvalid && want != data.dtype())
        return absl::InvalidArgumentError(absl::StrCat(
            "--feed=", text, ": the data is ", ir::DTypeName(data.dtype()), " but placeholder '",
            spec->node, "' is ", ir::DTypeName(want), "; save the .npy as ",
            ir::DTypeName(want)));
    }
    auto* feed = run.config.add_feed();
    feed->mutable_id()->set_node_name(spec->node);
    feed->mutable_id()->set_output_index(spec->index);
    SetShape(data.shape(), feed->mutable_shape());
    feed->set_type(static_cast<tensorflow::DataType>(data.dtype()));
    // No explicit name: messages then name the feed after its node.
    run.feed_data.push_back(std::move(data));
  }
  for (const std::string& text : options.fetches) {
    auto spec = ParseSpec(text, "fetch");
    if (!spec.ok()) return spec.status();
    auto* fetch = run.config.add_fetch();
    fetch->mutable_id()->set_node_name(spec->node);
    fetch->mutable_id()->set_output_index(spec->index);
    std::string display = spec->index ? absl::StrCat(spec->node, ":", spec->index) : spec->node;
    fetch->set_name(absl::StrCat("fetch", run.fetch_outputs.size()));
    run.fetch_outputs.push_back(spec->file);
    run.fetch_display.push_back(display);
  }
  if (run.config.fetch_size() == 0)
    return absl::InvalidArgumentError("give at least one --fetch=NODE[:IDX][=OUT.npy]");
  return run;
}

absl::StatusOr<std::vector<ir::Tensor>> EvaluateReference(const tensorflow::GraphDef& graph_def,
                                                          const ResolvedRun& run) {
  auto graph = import::ImportGraph(graph_def, run.config);
  if (!graph.ok()) return graph.status();
  // Feeds become constants, so folding computes every fetch.
  for (size_t i = 0; i < (*graph)->feeds().size(); ++i) {
    ir::Node* node = (*graph)->feeds()[i].node;
    node->set_op("Const");
    node->attrs().clear();
    node->attrs()["dtype"] = run.feed_data[i].dtype();
    node->attrs()["value"] = run.feed_data[i];
  }
  (*graph)->feeds().clear();
  passes::PipelineOptions options;
  options.stop_after = "fold-constants";
  if (auto s = passes::RunPipeline(**graph, options); !s.ok()) return s;
  std::vector<ir::Tensor> results;
  for (const ir::Fetch& f : (*graph)->fetches()) {
    const ir::Value& v = f.value.node->output(f.value.index);
    if (!v.constant) {
      for (const auto& node : (*graph)->nodes())
        if (node->op() != "Const")
          return absl::UnimplementedError(absl::StrCat(
              node->Describe(), ": the reference evaluator cannot compute this op"));
      return absl::InternalError("fetch " + f.tensor_name + " was not folded");
    }
    results.push_back(*v.constant);
  }
  return results;
}

absl::StatusOr<std::vector<ir::Tensor>> CompileAndRun(const tensorflow::GraphDef& graph_def,
                                                      const ResolvedRun& run,
                                                      const RunOptions& options,
                                                      std::string* benchmark_line) {
  auto graph = LowerGraph(graph_def, run.config, passes::PipelineOptions{});
  if (!graph.ok()) return graph.status();
  return BuildAndRun(**graph, run, options, benchmark_line);
}

absl::StatusOr<std::vector<ir::Tensor>> BuildAndRun(const ir::Graph& graph, const ResolvedRun& run,
                                                    const RunOptions& options,
                                                    std::string* benchmark_line) {
  for (size_t i = 0; i < run.feed_data.size(); ++i) {
    const ir::Value& v = graph.feeds()[i].node->output(0);
    if (v.dtype != run.feed_data[i].dtype())
      return absl::InvalidArgumentError(absl::StrCat(
          "feed ", run.config.feed(i).id().node_name(), ": the data has dtype ",
          ir::DTypeName(run.feed_data[i].dtype()), " but the graph expects ", ir::DTypeName(v.dtype)));
  }
  codegen::ModuleOptions module_options;
  module_options.cpp_class = "tfaot_run::Model";
  module_options.header_include = "model.h";
  module_options.model_name = "the graph";
  module_options.target = options.target;
  auto module = codegen::EmitModule(graph, module_options);
  if (!module.ok()) return module.status();

  std::string dir = options.keep_dir;
  if (dir.empty()) {
    auto temp = MakeTempDir("tfaotc_run_");
    if (!temp.ok()) return temp.status();
    dir = *temp;
  } else {
    RunCommand("mkdir -p " + ShellQuote(dir));
  }
  auto cleanup = [&] {
    if (options.keep_dir.empty()) RemoveDir(dir);
  };
  auto write = [&](const std::string& name, const std::string& contents) {
    std::ofstream out(dir + "/" + name, std::ios::binary);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return static_cast<bool>(out);
  };
  bool ok = write("model.h", module->header) && write("model.cc", module->source) &&
            write("main.cc", HarnessSource({{"model.h", module_options.cpp_class}}));
  for (size_t i = 0; i < run.feed_data.size() && ok; ++i)
    ok = write(absl::StrCat("arg", i, ".bin"),
               std::string(run.feed_data[i].raw(), run.feed_data[i].byte_size()));
  if (!ok) {
    cleanup();
    return absl::PermissionDeniedError("cannot write the generated program into " + dir);
  }
  if (auto s = WriteRuntimeHeaders(dir); !s.ok()) {
    cleanup();
    return s;
  }
  HostCompiler compiler = DefaultHostCompiler();
  compiler.flags = {"-std=c++17", "-O3"};
  for (const std::string& flag : codegen::FindTarget(options.target)->flags)
    compiler.flags.push_back(flag);
  if (auto s = BuildProgram(compiler, dir, {"model.cc", "main.cc"}, "model_run");
      !s.ok()) {
    cleanup();
    return s;
  }
  CommandResult result = RunCommand(absl::StrCat(ShellQuote(dir + "/model_run"), " 0 ",
                                                 ShellQuote(dir), " ", ShellQuote(dir), " ",
                                                 options.benchmark_runs, " ", options.threads));
  if (result.exit_code != 0) {
    cleanup();
    return absl::AbortedError(absl::StrCat("the generated program failed (exit ",
                                           result.exit_code, "): ", result.output));
  }
  if (benchmark_line) *benchmark_line = result.output;
  std::vector<ir::Tensor> fetched;
  for (size_t i = 0; i < graph.fetches().size(); ++i) {
    const ir::ValueRef& ref = graph.fetches()[i].value;
    const ir::Value& v = ref.node->output(ref.index);
    ir::Tensor t(v.dtype, v.shape);
    std::ifstream in(absl::StrCat(dir, "/result", i, ".bin"), std::ios::binary);
    in.read(t.raw(), t.byte_size());
    if (in.gcount() != t.byte_size()) {
      cleanup();
      return absl::AbortedError("the generated program wrote no result " + std::to_string(i));
    }
    fetched.push_back(std::move(t));
  }
  cleanup();
  return fetched;
}

std::string FormatTensor(const ir::Tensor& t) {
  // block[d]: elements in one index of dimension d-1, i.e. one [...] at depth d.
  const ir::Shape& shape = t.shape();
  std::vector<int64_t> block(shape.size());
  int64_t size = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    size *= shape[d];
    block[d] = size;
  }
  std::string out;
  if (t.num_elements() == 0)
    return std::string(shape.size(), '[') + std::string(shape.size(), ']');
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    for (size_t d = 0; d < shape.size(); ++d)
      if (i % block[d] == 0) out += "[";
    if (ir::IsFloating(t.dtype())) {
      out += codegen::DecimalComment(t.AsDouble(i));
    } else if (t.dtype() == ir::DType::kBool) {
      out += t.AsInt64(i) ? "true" : "false";
    } else if (t.dtype() == ir::DType::kUInt64) {
      out += absl::StrCat(t.data<uint64_t>()[i]);
    } else {
      out += absl::StrCat(t.AsInt64(i));
    }
    for (size_t d = 0; d < shape.size(); ++d)
      if ((i + 1) % block[d] == 0) out += "]";
    if (i + 1 < t.num_elements()) out += ", ";
  }
  return out;
}

absl::Status RunGraph(const ModelSource& source, const RunOptions& options) {
  // Freezing a checkpoint needs the feeds and fetches; the specs name them.
  tensorflow::tf2xla::Config wanted;
  for (const auto& [specs, is_feed] : {std::pair{&options.feeds, true}, {&options.fetches, false}}) {
    for (const std::string& text : *specs) {
      auto spec = ParseSpec(text, is_feed ? "feed" : "fetch");
      if (!spec.ok()) return spec.status();
      auto* id = is_feed ? wanted.add_feed()->mutable_id() : wanted.add_fetch()->mutable_id();
      id->set_node_name(spec->node);
      id->set_output_index(spec->index);
    }
  }
  auto graph = LoadModel(source, &wanted);
  if (!graph.ok()) return graph.status();
  auto run = ResolveRunSpecs(*graph, options);
  if (!run.ok()) return run.status();
  std::string benchmark;
  absl::StatusOr<std::vector<ir::Tensor>> results;
  if (options.reference) {
    results = EvaluateReference(*graph, *run);
  } else {
    std::vector<std::string> constants;
    auto lowered = LowerWithValueFeeds(*graph, *run, passes::PipelineOptions{}, &constants);
    if (!lowered.ok()) return lowered.status();
    if (!constants.empty()) {
      bool one = constants.size() == 1;
      std::cerr << "tfaotc run: note: " << (one ? "feed " : "feeds ")
                << absl::StrJoin(constants, ", ") << (one ? " decides" : " decide")
                << " a shape or a table, so "
                << (one ? "it is compiled as a constant with the value given, not as a run-time "
                          "input\n"
                        : "they are compiled as constants with the values given, not as "
                          "run-time inputs\n");
    }
    results = BuildAndRun(**lowered, *run, options, &benchmark);
  }
  if (!results.ok()) return results.status();
  for (size_t i = 0; i < results->size(); ++i) {
    const std::string& out = run->fetch_outputs[i];
    if (out.empty()) {
      std::cout << run->fetch_display[i] << " = " << FormatTensor((*results)[i]) << "\n";
    } else if (auto s = npy::WriteNpy(out, (*results)[i]); !s.ok()) {
      return s;
    }
  }
  std::cout << benchmark;
  return absl::OkStatus();
}

}  // namespace tfaot::driver
