// Results are bit-identical for any thread count, and fused kernels compute
// what the kernels they replace compute: each model is compiled twice (the
// whole pipeline, and without fuse-kernels), built into one program with the
// host compiler (-O3, --target=native), and run with no pool and on pools of
// 2 and 3 threads; every fetch of every run must equal the first run's byte
// for byte.
//
//   threads_main --models=generated      MobileNet-v1 (tools/bench) and a
//                                        graph of conv, pool, depthwise +
//                                        pointwise, a large elementwise loop
//                                        and a GEMV
//   threads_main --models=tfmodels       hello_tf_c_api im2vec from
//                                        $TFAOT_TFMODELS (fails without it)
// Prints one line per comparison and "threads: N passed, M failed".
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/codegen/module_emitter.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/host_build.h"
#include "compiler/import/model_files.h"
#include "tools/bench/mobilenet_graph.h"

namespace fs = std::filesystem;
using namespace tfaot;  // NOLINT: a main file

namespace {

// A GraphDef built node by node, with random float constants.
class GraphBuilder {
 public:
  std::string Placeholder(const std::string& name, const std::vector<int64_t>& shape) {
    auto* n = Add(name, "Placeholder", {});
    (*n->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
    for (int64_t d : shape) (*n->mutable_attr())["shape"].mutable_shape()->add_dim()->set_size(d);
    return name;
  }
  std::string Const(const std::string& name, const std::vector<int64_t>& shape, float scale) {
    auto* n = Add(name, "Const", {});
    (*n->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
    auto* t = (*n->mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_FLOAT);
    int64_t count = 1;
    for (int64_t d : shape) {
      t->mutable_tensor_shape()->add_dim()->set_size(d);
      count *= d;
    }
    std::vector<float> v(static_cast<size_t>(count));
    std::uniform_real_distribution<float> dist(-scale, scale);
    for (float& x : v) x = dist(rng_);
    t->set_tensor_content(std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4));
    return name;
  }
  std::string IntConst(const std::string& name, const std::vector<int32_t>& values) {
    auto* n = Add(name, "Const", {});
    (*n->mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
    auto* t = (*n->mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_INT32);
    t->mutable_tensor_shape()->add_dim()->set_size(static_cast<int64_t>(values.size()));
    for (int32_t x : values) t->add_int_val(x);
    return name;
  }
  // An op of float T; `window`: ksize/strides or strides as {k, s} (k 0: none).
  std::string Op(const std::string& name, const std::string& op,
                 const std::vector<std::string>& inputs, int k = 0, int stride = 0,
                 const char* padding = nullptr) {
    auto* n = Add(name, op, inputs);
    (*n->mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
    if (k > 0)
      for (int v : {1, k, k, 1}) (*n->mutable_attr())["ksize"].mutable_list()->add_i(v);
    if (stride > 0)
      for (int v : {1, stride, stride, 1}) (*n->mutable_attr())["strides"].mutable_list()->add_i(v);
    if (padding) (*n->mutable_attr())["padding"].set_s(padding);
    return name;
  }
  tensorflow::GraphDef& graph() { return graph_; }

 private:
  tensorflow::NodeDef* Add(const std::string& name, const std::string& op,
                           const std::vector<std::string>& inputs) {
    auto* n = graph_.add_node();
    n->set_name(name);
    n->set_op(op);
    for (const std::string& in : inputs) n->add_input(in);
    return n;
  }
  tensorflow::GraphDef graph_;
  std::mt19937 rng_{11};
};

// Every kernel that splits its work: a padded generic Conv2D + bias + Relu
// and a 3x3/2 SAME MaxPool (fused: one kernel), a depthwise + pointwise pair
// over 48x48x32 (fused), a 48x48x64 elementwise chain, a strided conv, and a
// 1152 x 512 GEMV with Relu. Fetches: the elementwise output and the GEMV.
tensorflow::GraphDef SyntheticGraph() {
  GraphBuilder b;
  std::string x = b.Placeholder("x", {1, 96, 96, 16});
  x = b.Op("conv1", "Conv2D", {x, b.Const("conv1/w", {3, 3, 16, 32}, 0.2f)}, 0, 1, "SAME");
  x = b.Op("conv1/bias", "BiasAdd", {x, b.Const("conv1/b", {32}, 0.1f)});
  x = b.Op("conv1/relu", "Relu", {x});
  x = b.Op("pool1", "MaxPool", {x}, 3, 2, "SAME");
  x = b.Op("dw", "DepthwiseConv2dNative", {x, b.Const("dw/w", {3, 3, 32, 1}, 0.5f)}, 0, 1, "SAME");
  x = b.Op("dw/relu6", "Relu6", {x});
  x = b.Op("pw", "Conv2D", {x, b.Const("pw/w", {1, 1, 32, 64}, 0.3f)}, 0, 1, "VALID");
  x = b.Op("pw/bias", "BiasAdd", {x, b.Const("pw/b", {64}, 0.1f)});
  x = b.Op("scale", "Mul", {x, b.Const("scale/c", {64}, 1.0f)});
  x = b.Op("shift", "AddV2", {x, b.Const("shift/c", {1, 48, 48, 64}, 0.5f)});
  std::string act = b.Op("act", "Tanh", {x});
  x = b.Op("conv2", "Conv2D", {act, b.Const("conv2/w", {3, 3, 64, 32}, 0.1f)}, 0, 8, "SAME");
  x = b.Op("flat", "Reshape", {x, b.IntConst("flat/shape", {1, 1152})});
  x = b.Op("fc", "MatMul", {x, b.Const("fc/w", {1152, 512}, 0.05f)});
  b.Op("fc/relu", "Relu", {x});
  return b.graph();
}

struct Model {
  std::string name;
  tensorflow::GraphDef graph;
  std::vector<std::string> feeds, fetches;
  std::vector<int64_t> feed_shape;
};

tensorflow::tf2xla::Config ConfigOf(const Model& m) {
  tensorflow::tf2xla::Config config;
  auto* feed = config.add_feed();
  feed->mutable_id()->set_node_name(m.feeds[0]);
  for (int64_t d : m.feed_shape) feed->mutable_shape()->add_dim()->set_size(d);
  for (const std::string& f : m.fetches) config.add_fetch()->mutable_id()->set_node_name(f);
  return config;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string which = "generated";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--models=", 0) == 0) which = a.substr(9);
  }
  std::vector<Model> models;
  if (which == "generated") {
    models.push_back({"mobilenet", bench::MobileNetV1Graph(3), {"input"}, {"predictions"},
                      {1, 224, 224, 3}});
    models.push_back({"synthetic", SyntheticGraph(), {"x"}, {"act", "fc/relu"}, {1, 96, 96, 16}});
  } else if (which == "tfmodels") {
    const char* env = std::getenv("TFAOT_TFMODELS");
    if (!env || !*env) {
      std::printf("FAIL: --models=tfmodels needs $TFAOT_TFMODELS\nthreads: 0 passed, 1 failed\n");
      return 1;
    }
    auto g = import::ReadGraphDef(fs::path(env) / "hello_tf_c_api/graph_im2vec.pb");
    if (!g.ok()) {
      std::printf("FAIL: %s\nthreads: 0 passed, 1 failed\n", std::string(g.status().message()).c_str());
      return 1;
    }
    // Every MaxPool output is fetched in the unfused variant below too, but
    // fetching them would stop the fusion: fetch the Softmax and the last
    // pool's flattened input instead.
    models.push_back({"im2vec", *g, {"input_layer"},
                      {"output_layer/Softmax", "dense_5/Relu"}, {1, 224, 224, 3}});
  } else {
    std::printf("usage: threads_main --models=generated|tfmodels\n");
    return 2;
  }

  auto dir = driver::MakeTempDir("tfaot_threads_");
  if (!dir.ok() || !driver::WriteRuntimeHeaders(*dir).ok()) return 1;
  std::vector<driver::HarnessModel> harness;
  std::vector<std::string> sources;
  int passed = 0, failed = 0;
  auto fail = [&](const std::string& what) {
    std::printf("FAIL: %s\n", what.c_str());
    ++failed;
  };
  for (const Model& m : models) {
    for (bool fused : {true, false}) {
      passes::PipelineOptions pipeline;
      if (!fused) pipeline.skip.insert("fuse-kernels");
      auto lowered = driver::LowerGraph(m.graph, ConfigOf(m), pipeline);
      if (!lowered.ok()) {
        fail(m.name + ": " + std::string(lowered.status().message()));
        continue;
      }
      int fused_kernels = 0;
      for (const auto& n : (*lowered)->nodes())
        fused_kernels += n->op() == "TfaotConvMaxPool2D" || n->op() == "TfaotDepthwisePointwise";
      std::printf("%s (%s): %d fused kernels\n", m.name.c_str(), fused ? "fused" : "unfused",
                  fused_kernels);
      if (fused != (fused_kernels > 0)) fail(m.name + ": fusion expected only in the fused variant");
      const std::string id = absl::StrCat("m", harness.size());
      codegen::ModuleOptions mo;
      mo.cpp_class = id + "::Model";
      mo.header_include = id + ".h";
      mo.model_name = m.name;
      mo.target = "native";
      auto module = codegen::EmitModule(**lowered, mo);
      if (!module.ok()) {
        fail(m.name + ": " + std::string(module.status().message()));
        continue;
      }
      // The elementwise chain is large enough to be split: its loop must be.
      if (m.name == "synthetic" && module->source.find("::tfaot::rt::ParallelRanges(pool") ==
                                       std::string::npos)
        fail("synthetic: the elementwise loop is not split on the pool");
      std::ofstream(fs::path(*dir) / mo.header_include) << module->header;
      std::ofstream(fs::path(*dir) / (id + ".cc")) << module->source;
      sources.push_back(id + ".cc");
      harness.push_back({mo.header_include, mo.cpp_class});
    }
  }
  if (failed) {
    std::printf("threads: %d passed, %d failed\n", passed, failed);
    return 1;
  }
  std::ofstream(fs::path(*dir) / "main.cc") << driver::HarnessSource(harness);
  sources.push_back("main.cc");
  driver::HostCompiler compiler = driver::DefaultHostCompiler();
  compiler.flags = {"-std=c++17", "-O3", "-march=native"};
  if (absl::Status st = driver::BuildProgram(compiler, *dir, sources, "models"); !st.ok()) {
    std::printf("FAIL: build: %s\nthreads: 0 passed, 1 failed\n", std::string(st.message()).c_str());
    return 1;
  }

  // One input per model (the variants read the same), random in [0, 1).
  std::mt19937 rng(5);
  for (size_t i = 0; i < models.size(); ++i) {
    int64_t count = 1;
    for (int64_t d : models[i].feed_shape) count *= d;
    std::vector<float> x(static_cast<size_t>(count));
    for (float& v : x) v = std::uniform_real_distribution<float>(0, 1)(rng);
    fs::create_directories(fs::path(*dir) / absl::StrCat("in", i));
    std::ofstream(fs::path(*dir) / absl::StrCat("in", i) / "arg0.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size() * 4));
  }
  for (size_t i = 0; i < models.size(); ++i) {
    std::vector<std::string> reference;  // fetches of the fused variant, no pool
    for (int variant = 0; variant < 2; ++variant) {
      for (int threads : {1, 2, 3}) {
        const size_t index = 2 * i + static_cast<size_t>(variant);
        const fs::path out = fs::path(*dir) / absl::StrCat("out", index, "_", threads);
        fs::create_directories(out);
        // Several runs on the same pool: a stale or racy value would show.
        auto r = driver::RunCommand(absl::StrCat(
            driver::ShellQuote(*dir + "/models"), " ", index, " ",
            driver::ShellQuote((fs::path(*dir) / absl::StrCat("in", i)).string()), " ",
            driver::ShellQuote(out.string()), " 3 ", threads));
        const std::string what = absl::StrCat(models[i].name, variant ? " unfused" : " fused", ", ",
                                              threads, " thread(s)");
        if (r.exit_code != 0) {
          fail(what + ": " + r.output.substr(0, 300));
          continue;
        }
        for (size_t f = 0; f < models[i].fetches.size(); ++f) {
          std::string bytes = ReadFile(out / absl::StrCat("result", f, ".bin"));
          if (reference.size() <= f) reference.push_back(bytes);
          const std::string fetch = what + ", " + models[i].fetches[f];
          if (bytes.empty() || bytes != reference[f]) {
            fail(fetch + ": differs from the fused one-thread run");
          } else {
            std::printf("ok: %s (%zu bytes)\n", fetch.c_str(), bytes.size());
            ++passed;
          }
        }
      }
    }
  }
  driver::RemoveDir(*dir);
  std::printf("threads: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
