// The models the benchmark measures, with the published figures of other
// runtimes on this machine class (from the performance issue) for context.
#ifndef TFAOT_TOOLS_BENCH_MODEL_SPECS_H_
#define TFAOT_TOOLS_BENCH_MODEL_SPECS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tfaot::bench {

struct ModelSpec {
  std::string name;
  // Path under $TFAOT_TFMODELS, "testdata:<file>" under the workspace, or
  // "generated:mobilenet" for the MobileNet-v1 generator.
  std::string source;
  double onnxruntime_us = 0;  // published median, 0 = none
  double limit_us = 0;        // one-core limit from the issue, 0 = none
  int64_t batch = 1;          // size of the feeds' unknown (batch) dimensions
};

inline std::vector<ModelSpec> BenchModels() {
  return {
      {"seed x*y+b", "testdata:mul_add.pbtxt", 0, 0},
      {"cppflow tiny MLP", "cppflow/load_frozen_graph/model.pb", 2.4, 0},
      {"tfonnx fc-layers MLP", "tfonnx/fc-layers/frozen.pb", 20.5, 11},
      {"tfonnx fc-layers MLP, batch 64", "tfonnx/fc-layers/frozen.pb", 170, 0, 64},
      {"dl4j mnist_00 784-10 softmax, batch 100", "dl4j/mnist_00/frozen_model.pb", 17.5, 0, 100},
      {"utensor cifar10_cnn", "utensor/models/cifar10_cnn.pb", 103, 80},
      {"hello_tf_c_api im2vec", "hello_tf_c_api/graph_im2vec.pb", 1561, 860},
      {"MobileNet-v1 224 (generated)", "generated:mobilenet", 0, 0},
  };
}

}  // namespace tfaot::bench

#endif  // TFAOT_TOOLS_BENCH_MODEL_SPECS_H_
