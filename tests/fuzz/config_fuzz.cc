// Fuzz target: tf2xla.Config bytes (text or binary, as `tfaotc --config`
// reads them) against a fixed small graph -> import -> the whole pass
// pipeline -> the emitted source. The graph has what configs can get wrong:
// a Placeholder with an unknown batch dimension, a Const that a feed can turn
// into an input, a shape operand (a feed there is a value feed), several
// outputs and dtypes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/codegen/module_emitter.h"
#include "compiler/driver/compile.h"
#include "compiler/import/model_files.h"
#include "google/protobuf/text_format.h"
#include "proto/graph.pb.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

// x[-1,4] -> MatMul(w) -> BiasAdd(b) -> Relu "hidden" -> Reshape(shape) ->
// Softmax "probs"; k (int32 scalar) -> Cast -> Mul with hidden -> "scaled".
constexpr char kGraph[] = R"pb(
node { name: "x" op: "Placeholder"
  attr { key: "dtype" value { type: DT_FLOAT } }
  attr { key: "shape" value { shape { dim { size: -1 } dim { size: 4 } } } } }
node { name: "w" op: "Const"
  attr { key: "dtype" value { type: DT_FLOAT } }
  attr { key: "value" value { tensor { dtype: DT_FLOAT
    tensor_shape { dim { size: 4 } dim { size: 3 } }
    float_val: [0.5, -1, 2, 0.25, 1, -0.5, 3, 0, 1, -2, 0.5, 1] } } } }
node { name: "b" op: "Const"
  attr { key: "dtype" value { type: DT_FLOAT } }
  attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } }
    float_val: [0.1, -0.2, 0.3] } } } }
node { name: "dense/MatMul" op: "MatMul" input: "x" input: "w"
  attr { key: "T" value { type: DT_FLOAT } } }
node { name: "dense/BiasAdd" op: "BiasAdd" input: "dense/MatMul" input: "b"
  attr { key: "T" value { type: DT_FLOAT } } }
node { name: "hidden" op: "Relu" input: "dense/BiasAdd"
  attr { key: "T" value { type: DT_FLOAT } } }
node { name: "shape" op: "Const"
  attr { key: "dtype" value { type: DT_INT32 } }
  attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } }
    int_val: [-1, 3] } } } }
node { name: "flat" op: "Reshape" input: "hidden" input: "shape"
  attr { key: "T" value { type: DT_FLOAT } }
  attr { key: "Tshape" value { type: DT_INT32 } } }
node { name: "probs" op: "Softmax" input: "flat"
  attr { key: "T" value { type: DT_FLOAT } } }
node { name: "k" op: "Placeholder"
  attr { key: "dtype" value { type: DT_INT32 } }
  attr { key: "shape" value { shape { } } } }
node { name: "k_float" op: "Cast" input: "k"
  attr { key: "SrcT" value { type: DT_INT32 } }
  attr { key: "DstT" value { type: DT_FLOAT } } }
node { name: "scaled" op: "Mul" input: "hidden" input: "k_float"
  attr { key: "T" value { type: DT_FLOAT } } }
)pb";

const tensorflow::GraphDef& Graph() {
  static const tensorflow::GraphDef* graph = [] {
    auto* g = new tensorflow::GraphDef;
    if (!google::protobuf::TextFormat::ParseFromString(kGraph, g)) __builtin_trap();
    return g;
  }();
  return *graph;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tfaot::fuzz::SilenceProtobufLogs();
  auto config = tfaot::import::ParseConfig(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.config.pbtxt");
  if (!config.ok()) return 0;
  tfaot::driver::CompileOptions options;
  options.module.cpp_class = "fuzz::Model";
  options.module.header_include = "model.h";
  options.module.model_name = "fuzz.pb";
  auto module = tfaot::driver::CompileGraph(Graph(), *config, options);
  tfaot::fuzz::CheckNotInternal(module.status(), "compile");
  return 0;
}
