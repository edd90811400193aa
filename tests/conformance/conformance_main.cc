// The conformance suite: every TensorFlow graph with reference data under
// $TFAOT_TFMODELS/{dl4j,utensor} is compiled, built with the host C++ compiler
// and run; its fetches are compared with TensorFlow's own outputs.
//
//   conformance --must_pass=must_pass.txt [--filter=SUBSTRING] [--jobs=2]
//               [--root=DIR --suite=NAME]
//
// --root/--suite read another folder laid out the same way (DIR/NAME/...,
// e.g. the hand-written op-variant cases of tests/op_variants) instead of
// $TFAOT_TFMODELS/{dl4j,utensor}; graphs may also be `frozen_model.pbtxt`.
//
// Prints one line per model, the tolerances (floats within abs + rel * |want|,
// per dtype: see ToleranceFor) and `conformance: N passed, M failed, K
// unsupported`; a graph whose folder has no data for one of its placeholders
// cannot be run and is listed apart as not run. Exits 1 when a model listed in
// --must_pass does not pass (or the data folder is missing: that is never a
// pass), else 0.
//
// Graphs whose inputs were frozen into Consts (`in_0`, `in_1`, ... in dl4j,
// frozen variables read through "<name>/read", uTensor's val.* inputs) get
// those Consts fed at run time, so the generated code computes the
// result rather than the constant folder. Inputs whose values decide a shape
// are compiled as constants instead, as `tfaotc run` does, and named in the
// model's line; where another error stands in the way, fewer inputs are fed.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/codegen/target.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/host_build.h"
#include "compiler/driver/run_command.h"
#include "compiler/driver/value_feeds.h"
#include "compiler/import/model_files.h"
#include "tools/npy/npy.h"

namespace fs = std::filesystem;
using namespace tfaot;  // NOLINT: a test main

namespace {

constexpr int kBatchSize = 24;

struct Model {
  std::string id;        // "dl4j/abs/rank2_float32"
  fs::path graph;
  std::vector<std::pair<std::string, std::string>> feed_files;  // node, npy
  std::vector<std::string> frozen_inputs;                       // Const in_N
  std::vector<std::pair<std::string, fs::path>> expected;       // "node:k", npy
  // The folder holds a file `exact` (op-variant edge cases): floats must
  // equal TensorFlow's bit for bit up to NaN payloads (see Compare).
  bool exact = false;
  // Filled while compiling.
  std::string status;  // "", "unsupported", "failed", "passed"
  std::string detail;
  std::string mode;    // which inputs were fed
  driver::ResolvedRun run;
  std::vector<ir::Value> fetch_types;
  int batch = -1;
  int index = -1;
};

std::string NodeFromFileName(std::string name) {
  return absl::StrReplaceAll(name, {{"____", "/"}});
}

bool IsFrozenInputName(const std::string& name) {
  if (!absl::StartsWith(name, "in_") || name.size() < 4) return false;
  return name.find_first_not_of("0123456789", 3) == std::string::npos;
}

std::vector<Model> FindModels(const fs::path& root, const std::vector<std::string>& suites) {
  std::vector<Model> models;
  for (const std::string& suite : suites) {
    if (!fs::exists(root / suite)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / suite)) {
      if (!entry.is_regular_file()) continue;
      std::string file = entry.path().filename();
      if (file != "frozen_model.pb" && file != "frozen_model.pbtxt" && file != "model.pb")
        continue;
      Model m;
      m.graph = entry.path();
      m.id = fs::relative(entry.path().parent_path(), root).string();
      m.exact = fs::exists(entry.path().parent_path() / "exact");
      for (const auto& f : fs::directory_iterator(entry.path().parent_path())) {
        std::string name = f.path().filename();
        if (!absl::EndsWith(name, ".npy")) continue;
        std::string stem = name.substr(0, name.size() - 4);
        if (absl::StartsWith(stem, "val.")) {
          // uTensor: TensorFlow's value of a Const input; the Const is fed.
          m.frozen_inputs.push_back(NodeFromFileName(stem.substr(4)));
        } else if (absl::StartsWith(stem, "in.")) {
          m.feed_files.push_back({NodeFromFileName(stem.substr(3)), f.path()});
        } else if (absl::StartsWith(stem, "out.")) {
          std::string rest = stem.substr(4);
          std::string node = rest;
          int index = 0;
          size_t dot = rest.rfind('.');
          if (dot != std::string::npos &&
              rest.find_first_not_of("0123456789", dot + 1) == std::string::npos) {
            node = rest.substr(0, dot);
            index = std::atoi(rest.c_str() + dot + 1);
          }
          m.expected.push_back({absl::StrCat(NodeFromFileName(node), ":", index), f.path()});
        }
      }
      std::sort(m.feed_files.begin(), m.feed_files.end());
      std::sort(m.expected.begin(), m.expected.end());
      if (!m.expected.empty()) models.push_back(std::move(m));
    }
  }
  std::sort(models.begin(), models.end(), [](const Model& a, const Model& b) { return a.id < b.id; });
  return models;
}

// Tolerances per dtype: |got - want| <= abs + rel * |want|.
struct Tolerance {
  double abs, rel;
};

// float and double: 1e-5 abs + 1e-4 rel, the last bits of a float sum summed
// in another order. half: its epsilon is 2^-10 (about 9.8e-4, 10 mantissa
// bits), the ulp of values in [1, 2); at any magnitude an ulp is at most
// 2^-10 * |x|, so 1e-3 rel accepts one ulp anywhere: TensorFlow and tfaot both
// compute in float and round once to half, but a sum in another order can land
// on the other side of a rounding boundary. 1e-3 abs (one ulp near 1) covers
// results near 0 whose relative error a cancellation has blown up. Together
// they allow about two ulps near 1 and one for large values; float and double
// keep their tolerance.
Tolerance ToleranceFor(ir::DType dtype) {
  if (dtype == ir::DType::kHalf) return {1e-3, 1e-3};
  return {1e-5, 1e-4};
}

constexpr const char* kToleranceSummary =
    "tolerance: float/double 1e-5 abs + 1e-4 rel; half 1e-3 abs + 1e-3 rel (about one ulp: "
    "epsilon 2^-10); integers and bools exact";

// Compares floats within ToleranceFor(dtype), anything else exactly. With
// `exact`, floats too must be equal, zeros with the same sign, NaN where
// TensorFlow has NaN: the edge cases (denormals, -0.0) live below any
// tolerance.
std::string Compare(const ir::Tensor& got, const ir::Tensor& want, bool exact, double* max_err) {
  // A few reference files store TensorFlow's bool results (Less, InTopKV2)
  // as int32 0/1 (the upstream text dump lost the dtype); compare values.
  if (got.dtype() == ir::DType::kBool && want.dtype() == ir::DType::kInt32 &&
      got.shape() == want.shape()) {
    for (int64_t i = 0; i < got.num_elements(); ++i)
      if (got.AsInt64(i) != want.AsInt64(i))
        return absl::StrCat("element ", i, " is ", got.AsInt64(i), ", TensorFlow has ",
                            want.AsInt64(i));
    return "";
  }
  // dl4j/primitive_gru_dynamic computes in double (its Softmax is
  // T=DT_DOUBLE) but its reference was stored as float32: compare the values
  // at float32's tolerance.
  if (got.dtype() == ir::DType::kDouble && want.dtype() == ir::DType::kFloat &&
      got.shape() == want.shape()) {
    ir::Tensor rounded(ir::DType::kFloat, got.shape());
    for (int64_t i = 0; i < got.num_elements(); ++i)
      rounded.data<float>()[i] = static_cast<float>(got.data<double>()[i]);
    return Compare(rounded, want, exact, max_err);
  }
  if (got.dtype() != want.dtype())
    return absl::StrCat("dtype ", ir::DTypeName(got.dtype()), ", TensorFlow has ",
                        ir::DTypeName(want.dtype()));
  if (got.shape() != want.shape())
    return absl::StrCat("shape ", ir::ShapeToString(got.shape()), ", TensorFlow has ",
                        ir::ShapeToString(want.shape()));
  for (int64_t i = 0; i < got.num_elements(); ++i) {
    if (ir::IsFloating(got.dtype())) {
      double a = got.AsDouble(i), b = want.AsDouble(i);
      if (std::isnan(a) && std::isnan(b)) continue;
      if (a == b && (!exact || std::signbit(a) == std::signbit(b))) continue;
      if (exact)
        return absl::StrCat("element ", i, " is ", absl::StrFormat("%a", a), ", TensorFlow has ",
                            absl::StrFormat("%a", b), " (exact comparison)");
      double err = std::fabs(a - b);
      *max_err = std::max(*max_err, err);
      const Tolerance tol = ToleranceFor(got.dtype());
      if (!(err <= tol.abs + tol.rel * std::fabs(b)))
        return absl::StrCat("element ", i, " is ", a, ", TensorFlow has ", b);
    } else if (std::memcmp(got.raw() + i * ir::DTypeSize(got.dtype()),
                           want.raw() + i * ir::DTypeSize(got.dtype()),
                           ir::DTypeSize(got.dtype())) != 0) {
      return absl::StrCat("element ", i, " is ", got.AsInt64(i), ", TensorFlow has ",
                          want.AsInt64(i));
    }
  }
  return "";
}

// --skip-pass=NAME: passes left out (A/B checks of an optimization pass).
passes::PipelineOptions& Pipeline() {
  static passes::PipelineOptions options;
  return options;
}

// Lowers and emits `m` feeding `frozen` Consts; returns the module or why not.
// Feeds whose values decide a shape are compiled as constants, as `tfaotc
// run` does; their names go to `constants`.
absl::StatusOr<codegen::GeneratedModule> TryCompile(Model& m, tensorflow::GraphDef graph,
                                                    const std::vector<std::string>& frozen,
                                                    std::vector<std::string>* constants) {
  driver::RunOptions options;
  for (const auto& [node, file] : m.feed_files) options.feeds.push_back(node + "=" + file);
  for (const std::string& node : frozen) options.feeds.push_back(node);
  for (const auto& [tensor, file] : m.expected) options.fetches.push_back(tensor);
  auto run = driver::ResolveRunSpecs(graph, options);
  if (!run.ok()) return run.status();
  constants->clear();
  auto lowered = driver::LowerWithValueFeeds(graph, *run, Pipeline(), constants);
  if (!lowered.ok()) return lowered.status();
  m.run = *std::move(run);
  m.fetch_types.clear();
  for (const ir::Fetch& f : (*lowered)->fetches())
    m.fetch_types.push_back(f.value.node->output(f.value.index));
  codegen::ModuleOptions module;
  module.cpp_class = absl::StrCat("m", m.index, "::Model");
  module.header_include = absl::StrCat("model_", m.index, ".h");
  module.model_name = m.id;
  module.target = "native";  // built with -march=native below
  return codegen::EmitModule(**lowered, module);
}

void CompileModel(Model& m, const fs::path& dir) {
  auto graph = import::ReadGraphDef(m.graph);
  if (!graph.ok()) {
    m.status = "failed";
    m.detail = std::string(graph.status().message());
    return;
  }
  std::vector<std::string> frozen, frozen_float;
  std::set<std::string> listed(m.frozen_inputs.begin(), m.frozen_inputs.end());
  // Frozen variables keep their "<name>/read" Identity: they are inputs too.
  for (const auto& node : graph->node())
    if (node.op() == "Identity" && node.input_size() == 1 && node.name() == node.input(0) + "/read")
      listed.insert(node.input(0));
  for (const auto& node : graph->node()) {
    if (node.op() != "Const" || !(IsFrozenInputName(node.name()) || listed.count(node.name())))
      continue;
    frozen.push_back(node.name());
    auto dt = node.attr().find("dtype");
    if (dt != node.attr().end() && (dt->second.type() == tensorflow::DT_FLOAT ||
                                    dt->second.type() == tensorflow::DT_DOUBLE))
      frozen_float.push_back(node.name());
  }
  // Feed as much as possible; fall back when a fed value would have to be
  // known at compile time (a shape operand, a data-dependent shape).
  std::vector<std::pair<std::string, std::vector<std::string>>> attempts = {
      {frozen.empty() ? (m.feed_files.empty() ? "folded: no run-time input" : "inputs fed")
                      : "frozen inputs fed",
       frozen}};
  if (frozen_float.size() != frozen.size() && !frozen_float.empty())
    attempts.push_back({"float frozen inputs fed", frozen_float});
  if (!frozen.empty()) attempts.push_back({"folded: no run-time input", {}});
  absl::Status last;
  for (const auto& [mode, feeds] : attempts) {
    std::vector<std::string> constants;
    auto module = TryCompile(m, *graph, feeds, &constants);
    if (module.ok()) {
      m.mode = mode;
      std::sort(constants.begin(), constants.end());
      if (!constants.empty())
        m.mode += "; compiled as constants because their values must be known at compile time: " +
                  absl::StrJoin(constants, ", ");
      std::ofstream(dir / absl::StrCat("model_", m.index, ".h")) << module->header;
      std::ofstream(dir / absl::StrCat("model_", m.index, ".cc")) << module->source;
      return;
    }
    last = module.status();
    if (last.code() == absl::StatusCode::kUnimplemented) break;
  }
  m.status = last.code() == absl::StatusCode::kUnimplemented ? "unsupported" : "failed";
  m.detail = std::string(last.message());
  // A Placeholder the folder gives no data for (dl4j/conv_3): nothing to run
  // it on, so it is reported apart, neither passed nor a compiler failure.
  for (const auto& node : graph->node()) {
    bool has_data = std::any_of(m.feed_files.begin(), m.feed_files.end(),
                                [&](const auto& feed) { return feed.first == node.name(); });
    if (m.status == "failed" && node.op() == "Placeholder" && !has_data) {
      m.status = "no-input";
      m.detail = absl::StrCat("not run: the folder has no input data for placeholder '",
                              node.name(), "' (", m.detail, ")");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string must_pass_path, filter, root_flag, suite_flag;
  int jobs = 2;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (absl::StartsWith(arg, "--must_pass=")) must_pass_path = arg.substr(12);
    else if (absl::StartsWith(arg, "--filter=")) filter = arg.substr(9);
    else if (absl::StartsWith(arg, "--jobs=")) jobs = std::atoi(arg.c_str() + 7);
    else if (absl::StartsWith(arg, "--skip-pass=")) Pipeline().skip.insert(arg.substr(12));
    else if (absl::StartsWith(arg, "--root=")) root_flag = arg.substr(7);
    else if (absl::StartsWith(arg, "--suite=")) suite_flag = arg.substr(8);
    else {
      std::cerr << "usage: conformance [--must_pass=FILE] [--filter=SUBSTRING] [--jobs=N]"
                   " [--skip-pass=P] [--root=DIR --suite=NAME]\n";
      return 2;
    }
  }
  if (root_flag.empty() != suite_flag.empty()) {
    std::cerr << "conformance: --root and --suite go together\n";
    return 2;
  }
  const char* env = std::getenv("TFAOT_TFMODELS");
  fs::path root = !root_flag.empty() ? root_flag : env && *env ? env : "../shared/tfmodels";
  std::vector<std::string> suites = {"dl4j", "utensor"};
  if (!suite_flag.empty()) suites = {suite_flag};
  if (!fs::exists(root / suites[0])) {
    if (root_flag.empty())
      std::cout << "conformance: SKIPPED: no TensorFlow test models at " << root
                << " (set TFAOT_TFMODELS); this is not a pass\n";
    else
      std::cout << "conformance: SKIPPED: no test models at " << root / suites[0]
                << "; this is not a pass\n";
    return 1;
  }
  std::set<std::string> must_pass;
  if (!must_pass_path.empty()) {
    std::ifstream in(must_pass_path);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') must_pass.insert(line);
  }

  std::vector<Model> models = FindModels(root, suites);
  if (!filter.empty())
    models.erase(std::remove_if(models.begin(), models.end(),
                                [&](const Model& m) { return m.id.find(filter) == std::string::npos; }),
                 models.end());
  auto dir = driver::MakeTempDir("tfaot_conformance_");
  if (!dir.ok()) {
    std::cerr << dir.status().message() << "\n";
    return 1;
  }
  if (!driver::WriteRuntimeHeaders(*dir).ok()) return 1;

  // Compile every model to C++, then build them in unity batches.
  std::vector<Model*> built;
  for (size_t i = 0; i < models.size(); ++i) {
    models[i].index = static_cast<int>(i);
    CompileModel(models[i], *dir);
    if (!models[i].status.empty()) continue;
    models[i].batch = static_cast<int>(built.size()) / kBatchSize;
    built.push_back(&models[i]);
  }
  driver::HostCompiler compiler = driver::DefaultHostCompiler();
  compiler.jobs = jobs;
  // -O1 keeps a few hundred models quick to build; -march=native exercises
  // the vector code the default targets get.
  compiler.flags = {"-std=c++17", "-O1", "-w", "-march=native"};
  // The generated code checks that it is built for the target it was
  // generated for (the default one here).
  if (const codegen::Target* t = codegen::FindTarget(codegen::ModuleOptions{}.target))
    for (const std::string& f : t->flags) compiler.flags.push_back(f);
  std::map<int, std::vector<Model*>> batches;
  for (Model* m : built) batches[m->batch].push_back(m);
  std::vector<std::string> unity_sources;
  for (auto& [batch, members] : batches) {
    std::string unity = absl::StrCat("batch_", batch, ".cc");
    std::ofstream out(fs::path(*dir) / unity);
    for (Model* m : members) out << "#include \"model_" << m->index << ".cc\"\n";
    unity_sources.push_back(unity);
  }
  std::vector<absl::Status> batch_status = driver::CompileObjects(compiler, *dir, unity_sources);
  std::vector<std::string> objects;
  std::vector<Model*> linked;
  for (auto& [batch, members] : batches) {
    if (batch_status[batch].ok()) {
      objects.push_back(unity_sources[batch] + ".o");
      linked.insert(linked.end(), members.begin(), members.end());
      continue;
    }
    // One model broke the batch: build its members alone so only it fails.
    std::vector<std::string> singles;
    for (Model* m : members) singles.push_back(absl::StrCat("model_", m->index, ".cc"));
    std::vector<absl::Status> single_status = driver::CompileObjects(compiler, *dir, singles);
    for (size_t i = 0; i < members.size(); ++i) {
      if (single_status[i].ok()) {
        objects.push_back(singles[i] + ".o");
        linked.push_back(members[i]);
      } else {
        members[i]->status = "failed";
        members[i]->detail = std::string(single_status[i].message()).substr(0, 600);
      }
    }
  }
  std::vector<driver::HarnessModel> harness_models;
  for (Model* m : linked)
    harness_models.push_back({absl::StrCat("model_", m->index, ".h"), absl::StrCat("m", m->index, "::Model")});
  std::ofstream(fs::path(*dir) / "main.cc") << driver::HarnessSource(harness_models);
  std::vector<absl::Status> main_status = driver::CompileObjects(compiler, *dir, {"main.cc"});
  objects.push_back("main.cc.o");
  absl::Status link = main_status[0].ok() ? driver::LinkProgram(compiler, *dir, objects, "conformance_models")
                                          : main_status[0];
  for (size_t h = 0; h < linked.size(); ++h) {
    Model& m = *linked[h];
    if (!link.ok()) {
      m.status = "failed";
      m.detail = std::string(link.message()).substr(0, 600);
      continue;
    }
    fs::path io = fs::path(*dir) / absl::StrCat("io_", m.index);
    fs::create_directories(io);
    for (size_t i = 0; i < m.run.feed_data.size(); ++i) {
      std::ofstream(io / absl::StrCat("arg", i, ".bin"), std::ios::binary)
          .write(m.run.feed_data[i].raw(), m.run.feed_data[i].byte_size());
    }
    // A model that never finishes fails alone instead of stalling the suite.
    driver::CommandResult result = driver::RunCommand(absl::StrCat(
        "timeout 120 ", driver::ShellQuote(*dir + "/conformance_models"), " ", h, " ", driver::ShellQuote(io), " ",
        driver::ShellQuote(io)));
    if (result.exit_code != 0) {
      m.status = "failed";
      m.detail = absl::StrCat("the program exited with ", result.exit_code, ": ", result.output.substr(0, 300));
      continue;
    }
    m.status = "passed";
    double max_err = 0;
    for (size_t i = 0; i < m.expected.size() && m.status == "passed"; ++i) {
      auto want = npy::ReadNpy(m.expected[i].second);
      const ir::Value& v = m.fetch_types[i];
      ir::Tensor got(v.dtype, v.shape);
      std::ifstream(io / absl::StrCat("result", i, ".bin"), std::ios::binary).read(got.raw(), got.byte_size());
      std::string diff = want.ok() ? Compare(got, *want, m.exact, &max_err) : std::string(want.status().message());
      if (!diff.empty()) {
        m.status = "failed";
        m.detail = absl::StrCat(m.expected[i].first, ": ", diff);
      }
    }
    if (m.status == "passed") m.detail = absl::StrCat("max abs error ", max_err);
  }

  int passed = 0, failed = 0, unsupported = 0;
  std::vector<std::string> regressions, not_run;
  for (const Model& m : models) {
    std::string tag = m.status == "passed"        ? "PASS"
                      : m.status == "unsupported" ? "UNSUPPORTED"
                      : m.status == "no-input"    ? "NOT-RUN"
                                                  : "FAIL";
    std::cout << tag << " " << m.id << ": " << m.detail << (m.mode.empty() ? "" : " [" + m.mode + "]") << "\n";
    if (m.status == "passed") ++passed;
    else if (m.status == "unsupported") ++unsupported;
    else if (m.status == "no-input") not_run.push_back(m.id);
    else ++failed;
    if (m.status != "passed" && must_pass.count(m.id)) regressions.push_back(m.id);
  }
  for (const std::string& id : must_pass) {
    bool found = std::any_of(models.begin(), models.end(), [&](const Model& m) { return m.id == id; });
    if (!found && filter.empty()) regressions.push_back(id + " (missing from the data folder)");
  }
  driver::RemoveDir(*dir);
  std::cout << kToleranceSummary << "\n";
  if (!compiler.sanitizer_flags.empty())  // TFAOT_SANITIZE (bazel test --config=asan/tsan)
    std::cout << "generated code built with " << absl::StrJoin(compiler.sanitizer_flags, " ") << "\n";
  std::cout << "conformance: " << passed << " passed, " << failed << " failed, " << unsupported
            << " unsupported\n";
  if (!not_run.empty())
    std::cout << "not run (no input data in the folder): " << absl::StrJoin(not_run, ", ") << "\n";
  for (const std::string& r : regressions) std::cout << "REGRESSION: must pass but did not: " << r << "\n";
  return regressions.empty() ? 0 : 1;
}
