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
  // ONNX Runtime 1.30's median in the GEMM issue (2-core AMD EPYC Zen 5, one
  // thread), 0 = none; the cppflow figure is older (ONNX Runtime on Zen 4).
  double onnxruntime_us = 0;
  double limit_us = 0;  // one-core limit from the first performance issue (Zen 4), 0 = none
  // A tf2xla.Config under the workspace instead of feeding the placeholders
  // and fetching what nothing reads; `fetch`, if set, is its only fetch.
  std::string config = "";
  std::string fetch = "";
  int64_t batch = 1;  // size of the placeholders' unknown (batch) dimensions without a config
};

inline std::vector<ModelSpec> BenchModels() {
  return {
      {"seed x*y+b", "testdata:mul_add.pbtxt", 0, 0},
      {"cppflow tiny MLP", "cppflow/load_frozen_graph/model.pb", 2.4, 0},
      {"tfonnx fc-layers MLP", "tfonnx/fc-layers/frozen.pb", 18.1, 11},
      {"tfonnx fc-layers MLP, batch 64", "tfonnx/fc-layers/frozen.pb", 170, 0, "", "", 64},
      {"dl4j mnist_00 784-10 softmax, batch 100", "dl4j/mnist_00/frozen_model.pb", 17.5, 0, "", "",
       100},
      {"utensor cifar10_cnn", "utensor/models/cifar10_cnn.pb", 66, 80},
      {"hello_tf_c_api im2vec", "hello_tf_c_api/graph_im2vec.pb", 1313, 860},
      {"MobileNet-v1 224 (generated)", "generated:mobilenet", 0, 0},
      // Keyword spotting from raw audio (1 s at 16 kHz; DecodeWav's outputs
      // fed, see tests/kws/kws.config.pbtxt), and the audio front-end alone.
      {"kws front-end 49x10 (spectrogram + MFCC)", "kws/DS_CNN_S.pb", 0, 0,
       "tests/kws/kws.config.pbtxt", "Mfcc"},
      {"kws front-end 25x10 (spectrogram + MFCC)", "kws/DNN_S.pb", 0, 0,
       "tests/kws/kws.config.pbtxt", "Mfcc"},
      {"kws DNN_S from audio", "kws/DNN_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      {"kws CNN_S from audio", "kws/CNN_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      {"kws DS_CNN_S from audio", "kws/DS_CNN_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      // The recurrent ones: a TensorFlow while loop over the MFCC frames.
      {"kws LSTM_S from audio", "kws/LSTM_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      {"kws Basic_LSTM_S from audio", "kws/Basic_LSTM_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      {"kws GRU_S from audio", "kws/GRU_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
      {"kws CRNN_S from audio", "kws/CRNN_S.pb", 0, 0, "tests/kws/kws.config.pbtxt",
       "labels_softmax"},
  };
}

}  // namespace tfaot::bench

#endif  // TFAOT_TOOLS_BENCH_MODEL_SPECS_H_
