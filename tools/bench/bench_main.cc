// tools/bench: latency of tfaot's generated code for the benchmark models,
// next to OpenCV DNN measured in the same run, printed as a Markdown table.
//
//   bazel run //tools/bench -- [--runs=N] [--target=native] [--filter=S[,S...]]
//
// Each model is compiled by tfaotc's library, built with the host compiler
// (-O3 + the target's flags) into one program, and timed through its
// Run() (median and p90 of N runs after warm-up; batch 1 unless the
// model's spec gives its feeds' batch dimension), on one thread and
// on a pool of 2 threads (checking that both give the same bytes).
// The same run measures this core (tools/bench/machine_probe.cc, built with
// the same flags): its FP32 FMA peak and its read bandwidth over each model's
// weights, from which "% peak" and the one-core limit are computed. The
// figures published in the performance issue (ONNX Runtime, and the one-core
// limit of the AMD EPYC machine they came from) are separate columns.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <random>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/codegen/target.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/host_build.h"
#include "compiler/import/model_files.h"
#include "tools/bench/mobilenet_graph.h"
#include "tools/bench/model_specs.h"

namespace fs = std::filesystem;
using namespace tfaot;  // NOLINT: a main file

namespace {

struct Result {
  std::string name;
  std::string error;
  double median_us = 0, p90_us = 0, min_us = 0;
  double median2_us = 0;   // on a pool of 2 threads
  bool identical = false;  // the 2-thread run's fetches equal the 1-thread run's, byte for byte
  double gflop = 0;
  int64_t arena = 0, arena_lower_bound = 0, weights = 0, object_bytes = 0;
  double build_s = 0;
  std::string opencv;
  double opencv_us = 0;
  const bench::ModelSpec* spec = nullptr;
  std::vector<int64_t> input_shape;
  double weights_gbps = 0;  // measured read bandwidth over a weights-sized buffer
};

// "key=<double>" in a probe's output, 0 when missing.
double Parse(const std::string& out, const std::string& key) {
  size_t at = out.find(key + "=");
  return at == std::string::npos ? 0 : std::atof(out.c_str() + at + key.size() + 1);
}

double Flops(const ir::Node& n) {
  auto shape = [&](int i) { return n.input_value(i).shape; };
  double out = static_cast<double>(ir::NumElements(n.output(0).shape));
  if (n.op() == "MatMul") {
    auto a = shape(0);
    return 2.0 * out * static_cast<double>(n.GetBoolOr("transpose_a", false) ? a[0] : a[1]);
  }
  if (n.op() == "Conv2D" || n.op() == "DepthwiseConv2dNative") {
    auto f = shape(1);
    double k = static_cast<double>(f[0] * f[1]) * (n.op() == "Conv2D" ? static_cast<double>(f[2]) : 1.0);
    return 2.0 * out * k;
  }
  if (n.op() == "TfaotMatMul" || n.op() == "TfaotGemm")
    return 2.0 * out * static_cast<double>(n.GetIntOr("k", 0));
  // The conv FLOPs of a conv_shape attribute (fuse-kernels' kernels carry two).
  auto conv = [&](const char* key, bool depthwise) {
    auto c = n.GetIntListOr(key, {});
    if (c.size() != 15) return 0.0;
    return 2.0 * static_cast<double>(c[0] * c[4] * c[5] * c[6]) *
           static_cast<double>(c[7] * c[8] * (depthwise ? 1 : c[3]));
  };
  if (n.op() == "TfaotConvMaxPool2D") return conv("conv_shape", false);
  if (n.op() == "TfaotDepthwisePointwise") return conv("dw_shape", true) + conv("pw_shape", false);
  if (n.op() == "TfaotConv2D" || n.op() == "TfaotDepthwiseConv2D") {  // select-kernels
    auto s = n.GetIntListOr("conv_shape", {});
    if (s.size() != 15) return 0;
    return 2.0 * out * static_cast<double>(s[7] * s[8] * (n.op() == "TfaotConv2D" ? s[3] : 1));
  }
  return 0;
}

// Feeds: placeholders (unknown dims -> `batch`); fetches: nodes nothing reads.
void DefaultFeedsAndFetches(const tensorflow::GraphDef& g, int64_t batch,
                            tensorflow::tf2xla::Config* config, std::vector<int64_t>* first_shape) {
  std::set<std::string> consumed;
  for (const auto& n : g.node())
    for (const auto& in : n.input()) {
      std::string name = in[0] == '^' ? in.substr(1) : in;
      consumed.insert(name.substr(0, name.find(':')));
    }
  for (const auto& n : g.node()) {
    if (n.op() == "Placeholder") {
      auto* feed = config->add_feed();
      feed->mutable_id()->set_node_name(n.name());
      for (const auto& d : n.attr().at("shape").shape().dim()) {
        feed->mutable_shape()->add_dim()->set_size(d.size() < 0 ? batch : d.size());
        if (config->feed_size() == 1) first_shape->push_back(d.size() < 0 ? batch : d.size());
      }
    } else if (!consumed.count(n.name()) && n.op() != "Const" && n.op() != "NoOp") {
      config->add_fetch()->mutable_id()->set_node_name(n.name());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 300;
  std::string target = "native", filter, keep_dir;
  passes::PipelineOptions pipeline;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (absl::StartsWith(a, "--runs=")) runs = std::atoi(a.c_str() + 7);
    else if (absl::StartsWith(a, "--target=")) target = a.substr(9);
    else if (absl::StartsWith(a, "--filter=")) filter = a.substr(9);
    else if (absl::StartsWith(a, "--skip-pass=")) pipeline.skip.insert(a.substr(12));
    else if (absl::StartsWith(a, "--keep_dir=")) keep_dir = a.substr(11);
    else {
      std::cerr << "usage: bench [--runs=N] [--target=native|avx512|avx2|generic] [--filter=S[,S...]]"
                   " [--skip-pass=P] [--keep_dir=DIR]\n";
      return 2;
    }
  }
  const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  fs::path root = ws ? ws : fs::current_path();
  const char* env = std::getenv("TFAOT_TFMODELS");
  fs::path models = env && *env ? fs::path(env) : root / "../shared/tfmodels";
  auto dir = driver::MakeTempDir("tfaot_bench_");
  if (!dir.ok() || !driver::WriteRuntimeHeaders(*dir).ok()) return 1;
  const codegen::Target* tgt = codegen::FindTarget(target);
  if (!tgt) return 2;

  std::vector<Result> results;
  std::vector<driver::HarnessModel> harness;
  std::vector<int> harness_index;
  driver::HostCompiler compiler = driver::DefaultHostCompiler();
  compiler.flags = {"-std=c++17", "-O3"};
  for (const std::string& f : tgt->flags) compiler.flags.push_back(f);
  compiler.jobs = 1;  // one at a time: the build time column is per model

  std::vector<bench::ModelSpec> specs = bench::BenchModels();
  for (size_t i = 0; i < specs.size(); ++i) {
    const bench::ModelSpec& spec = specs[i];
    // --filter=a,b: the models whose names contain a or b.
    bool wanted = filter.empty();
    for (absl::string_view part : absl::StrSplit(filter, ',', absl::SkipEmpty()))
      wanted = wanted || absl::StrContains(spec.name, part);
    if (!wanted) continue;
    Result r;
    r.name = spec.name;
    r.spec = &specs[i];
    tensorflow::GraphDef graph;
    fs::path pb = fs::path(*dir) / absl::StrCat("model_", i, ".pb");
    if (spec.source == "generated:mobilenet") {
      graph = bench::MobileNetV1Graph(1);
    } else {
      fs::path path = absl::StartsWith(spec.source, "testdata:")
                          ? root / "testdata" / spec.source.substr(9)
                          : models / spec.source;
      auto g = import::ReadGraphDef(path);
      if (!g.ok()) {
        r.error = std::string(g.status().message());
        results.push_back(r);
        continue;
      }
      graph = *g;
    }
    std::ofstream(pb, std::ios::binary) << graph.SerializeAsString();
    tensorflow::tf2xla::Config config;
    if (spec.config.empty()) {
      DefaultFeedsAndFetches(graph, spec.batch, &config, &r.input_shape);
    } else {
      auto read = import::ReadConfig((root / spec.config).string());
      if (!read.ok()) {
        r.error = std::string(read.status().message());
        results.push_back(r);
        continue;
      }
      config = *std::move(read);
      if (!spec.fetch.empty()) {
        config.clear_fetch();
        config.add_fetch()->mutable_id()->set_node_name(spec.fetch);
      }
    }
    auto lowered = driver::LowerGraph(graph, config, pipeline);
    if (!lowered.ok()) {
      r.error = std::string(lowered.status().message()).substr(0, 160);
      results.push_back(r);
      continue;
    }
    for (const auto& n : (*lowered)->nodes()) {
      if (n->op() == "Const") r.weights += n->output(0).constant->byte_size();
      else if (n->num_outputs() > 0) r.gflop += Flops(*n) / 1e9;
    }
    r.arena = (*lowered)->arena_bytes();
    r.arena_lower_bound = (*lowered)->live_bytes_lower_bound();
    codegen::ModuleOptions mo;
    mo.cpp_class = absl::StrCat("bench", i, "::Model");
    mo.header_include = absl::StrCat("model_", i, ".h");
    mo.model_name = spec.name;
    mo.target = target;
    auto module = codegen::EmitModule(**lowered, mo);
    if (!module.ok()) {
      r.error = std::string(module.status().message());
      results.push_back(r);
      continue;
    }
    std::ofstream(fs::path(*dir) / mo.header_include) << module->header;
    std::ofstream(fs::path(*dir) / absl::StrCat("model_", i, ".cc")) << module->source;
    auto start = std::chrono::steady_clock::now();
    auto st = driver::CompileObjects(compiler, *dir, {absl::StrCat("model_", i, ".cc")});
    r.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!st[0].ok()) {
      r.error = std::string(st[0].message()).substr(0, 300);
      results.push_back(r);
      continue;
    }
    r.object_bytes = static_cast<int64_t>(fs::file_size(fs::path(*dir) / absl::StrCat("model_", i, ".cc.o")));
    // Random inputs, same every run.
    std::mt19937 rng(7);
    fs::path io = fs::path(*dir) / absl::StrCat("io_", i);
    fs::create_directories(io);
    for (size_t f = 0; f < (*lowered)->feeds().size(); ++f) {
      const ir::Value& v = (*lowered)->feeds()[f].node->output(0);
      ir::Tensor t(v.dtype, v.shape);
      for (int64_t e = 0; e < t.num_elements(); ++e) {
        if (v.dtype == ir::DType::kFloat) t.data<float>()[e] = std::uniform_real_distribution<float>(0, 1)(rng);
        else if (v.dtype == ir::DType::kInt32) t.data<int32_t>()[e] = static_cast<int32_t>(rng() % 7);
      }
      std::ofstream(io / absl::StrCat("arg", f, ".bin"), std::ios::binary).write(t.raw(), t.byte_size());
    }
    harness_index.push_back(static_cast<int>(results.size()));
    harness.push_back({mo.header_include, mo.cpp_class});
    results.push_back(r);
  }

  std::ofstream(fs::path(*dir) / "main.cc") << driver::HarnessSource(harness);
  std::vector<std::string> objects = {"main.cc"};
  auto main_status = driver::CompileObjects(compiler, *dir, {"main.cc"});
  objects = {"main.cc.o"};
  for (const auto& h : harness) objects.push_back(h.header.substr(0, h.header.size() - 2) + ".cc.o");
  absl::Status link = main_status[0].ok() ? driver::LinkProgram(compiler, *dir, objects, "bench_models")
                                          : main_status[0];
  std::string opencv_bin = (fs::current_path() / "tools/bench/opencv_bench").string();

  // This core's ceilings, measured before the models (nothing else of ours runs).
  double peak_gflops = 0;
  std::string probe_error;
  std::vector<std::pair<int64_t, double>> bandwidth;  // (bytes, GB/s) for the header
  const std::string probe = *dir + "/machine_probe";
  {
    fs::copy_file(fs::current_path() / "tools/bench/machine_probe.cc",
                  fs::path(*dir) / "machine_probe.cc", fs::copy_options::overwrite_existing);
    absl::Status st = driver::BuildProgram(compiler, *dir, {"machine_probe.cc"}, "machine_probe");
    if (st.ok()) {
      auto read_gbps = [&](int64_t bytes) {
        const std::string cmd = absl::StrCat(driver::ShellQuote(probe), " read ", bytes);
        return Parse(driver::RunCommand(cmd).output, "read_gbps");
      };
      peak_gflops =
          Parse(driver::RunCommand(driver::ShellQuote(probe) + " peak").output, "peak_gflops");
      for (int64_t bytes : {int64_t{256} << 10, int64_t{1} << 20, int64_t{16} << 20,
                            int64_t{512} << 20})
        bandwidth.push_back({bytes, read_gbps(bytes)});
      for (size_t h = 0; h < harness.size(); ++h) {
        Result& r = results[harness_index[h]];
        if (r.weights > 0) r.weights_gbps = read_gbps(r.weights);
      }
    } else {
      probe_error = std::string(st.message()).substr(0, 200);
    }
  }
  for (size_t h = 0; h < harness.size(); ++h) {
    Result& r = results[harness_index[h]];
    if (!link.ok()) {
      r.error = std::string(link.message()).substr(0, 200);
      continue;
    }
    std::string io = absl::StrCat(*dir, "/io_", harness[h].header.substr(6, harness[h].header.size() - 8));
    int model_runs = r.gflop > 0.05 ? std::max(20, runs / 10) : runs * 20;
    auto out = driver::RunCommand(absl::StrCat(driver::ShellQuote(*dir + "/bench_models"), " ", h,
                                               " ", io, " ", io, " ", model_runs));
    if (std::sscanf(out.output.c_str(), "benchmark: runs=%*d median_us=%lf p90_us=%lf min_us=%lf",
                    &r.median_us, &r.p90_us, &r.min_us) != 3) {
      r.error = "run failed: " + out.output.substr(0, 200);
      continue;
    }
    // The same on a 2-thread pool (runtime/std_thread_pool.h), results kept apart.
    const std::string io2 = io + "_2threads";
    fs::create_directories(io2);
    auto out2 = driver::RunCommand(absl::StrCat(driver::ShellQuote(*dir + "/bench_models"), " ", h,
                                                " ", io, " ", io2, " ", model_runs, " 2"));
    if (std::sscanf(out2.output.c_str(), "benchmark: runs=%*d median_us=%lf", &r.median2_us) == 1) {
      r.identical = true;
      for (int f = 0; fs::exists(fs::path(io) / absl::StrCat("result", f, ".bin")); ++f) {
        auto read = [](const fs::path& p) {
          std::ifstream in(p, std::ios::binary);
          return std::string(std::istreambuf_iterator<char>(in), {});
        };
        r.identical = r.identical && read(fs::path(io) / absl::StrCat("result", f, ".bin")) ==
                                         read(fs::path(io2) / absl::StrCat("result", f, ".bin"));
      }
    }
    // OpenCV takes a graph's placeholders, not a config's feeds.
    if (fs::exists(opencv_bin) && r.spec->source.rfind("testdata:", 0) != 0 &&
        r.spec->config.empty()) {
      std::vector<int64_t> dims = r.input_shape;
      if (dims.size() == 4) dims = {dims[0], dims[3], dims[1], dims[2]};  // NHWC -> NCHW blob
      std::string cmd = absl::StrCat(driver::ShellQuote(opencv_bin), " ",
                                     driver::ShellQuote(*dir + "/model_" + harness[h].header.substr(6, harness[h].header.size() - 8) + ".pb"),
                                     " ", model_runs);
      for (int64_t d : dims) absl::StrAppend(&cmd, " ", d);
      auto cv = driver::RunCommand(cmd);
      if (std::sscanf(cv.output.c_str(), "opencv: median_us=%lf", &r.opencv_us) != 1)
        r.opencv = cv.output.substr(0, 120);
    }
  }
  if (keep_dir.empty()) {
    driver::RemoveDir(*dir);
  } else {
    fs::create_directories(keep_dir);
    fs::copy(*dir, keep_dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    driver::RemoveDir(*dir);
  }

  std::printf("target: %s (%s); batch 1 unless the model's name says; one thread, and a "
              "pool of 2 threads (runtime/std_thread_pool.h) in the 2-thread columns\n",
              tgt->name, tgt->description);
  if (peak_gflops > 0) {
    std::printf("this core, measured in this run: FP32 FMA peak %.1f GFLOP/s; read bandwidth",
                peak_gflops);
    for (const auto& [bytes, gbps] : bandwidth)
      std::printf(" %s %.0f GB/s%s",
                  bytes >= (1 << 20) ? absl::StrCat(bytes >> 20, " MiB").c_str()
                                     : absl::StrCat(bytes >> 10, " KiB").c_str(),
                  gbps, bytes == bandwidth.back().first ? "" : ",");
    std::printf("\none-core limit = max(FLOPs / peak, weight bytes / read bandwidth over a "
                "buffer of that size)\n\n");
  } else {
    std::printf("machine probe failed (%% peak and one-core limit not measured): %s\n\n",
                probe_error.c_str());
  }
  std::printf("| model | tfaot median µs | p90 µs | 2 threads µs | 1/2-thread speed-up | "
              "bit-identical | GFLOP/s | %% peak | arena KiB (lower bound) | "
              "object KiB (weights KiB) | build s | OpenCV DNN µs | tfaot/OpenCV | "
              "one-core limit µs | tfaot/limit | ONNX RT µs (issue, AMD) | tfaot/ONNX RT | "
              "one-core limit µs (issue, AMD) |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const Result& r : results) {
    if (!r.error.empty()) {
      std::printf("| %s | error: %s |||||||||||||||||\n", r.name.c_str(), r.error.c_str());
      continue;
    }
    double gflops = r.median_us > 0 ? r.gflop * 1e6 / r.median_us : 0;  // GFLOP / (µs * 1e-6)
    std::string cv = r.opencv_us > 0 ? absl::StrFormat("%.1f", r.opencv_us)
                                     : (r.opencv.empty() ? "n/a" : "failed");
    std::string ratio = r.opencv_us > 0 ? absl::StrFormat("%.2f", r.median_us / r.opencv_us) : "-";
    // The one-core limit: compute at peak, or streaming the weights once.
    const double compute_us = peak_gflops > 0 ? r.gflop * 1e6 / peak_gflops : 0;
    const double weights_us = r.weights_gbps > 0 ? r.weights / (r.weights_gbps * 1e3) : 0;
    const double limit_us = std::max(compute_us, weights_us);
    const int digits = limit_us < 1 ? 3 : limit_us < 10 ? 2 : 0;
    const char* bound = compute_us >= weights_us ? "FLOPs" : "weights";
    std::string limit =
        limit_us > 0 ? absl::StrFormat("%.*f (%s)", digits, limit_us, bound) : "-";
    std::string vs_limit = limit_us > 0 ? absl::StrFormat("%.2f", r.median_us / limit_us) : "-";
    std::string peak =
        peak_gflops > 0 ? absl::StrFormat("%.0f%%", 100 * gflops / peak_gflops) : "-";
    std::string two = r.median2_us > 0 ? absl::StrFormat("%.3f", r.median2_us) : "failed";
    std::string speedup = r.median2_us > 0 ? absl::StrFormat("%.2f", r.median_us / r.median2_us) : "-";
    const double ort = r.spec->onnxruntime_us;
    std::printf("| %s | %.3f | %.3f | %s | %s | %s | %.1f | %s | %.1f (%.1f) | %.0f (%.0f) | %.1f | %s "
                "| %s | %s | %s | %s | %s | %s |\n",
                r.name.c_str(), r.median_us, r.p90_us, two.c_str(), speedup.c_str(),
                r.median2_us > 0 ? (r.identical ? "yes" : "NO") : "-", gflops, peak.c_str(),
                r.arena / 1024.0, r.arena_lower_bound / 1024.0, r.object_bytes / 1024.0,
                r.weights / 1024.0, r.build_s, cv.c_str(), ratio.c_str(), limit.c_str(),
                vs_limit.c_str(),
                ort ? absl::StrFormat("%.1f", ort).c_str() : "-",
                ort ? absl::StrFormat("%.2f", r.median_us / ort).c_str() : "-",
                r.spec->limit_us ? absl::StrFormat("%.0f", r.spec->limit_us).c_str() : "-");
  }
  for (const Result& r : results)
    if (!r.opencv.empty()) std::printf("\nOpenCV on %s: %s\n", r.name.c_str(), r.opencv.c_str());
  return 0;
}
