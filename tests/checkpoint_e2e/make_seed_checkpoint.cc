// Writes the seed model op_to_store = x * y + b (testdata/mul_add.pbtxt,
// int32 scalars) as TensorFlow would save it before freezing: b is a
// VariableV2 with a constant initializer (5), read through b/read and
// restored by a tf.train.Saver (save/RestoreV2 + save/Assign). A second
// variable, global_step, is saved too but is not needed by op_to_store.
//
//   make_seed_checkpoint checkpoint PREFIX [VARIANT]  -> PREFIX.{index,data-*,meta}
//   make_seed_checkpoint saved_model DIR              -> DIR/saved_model.pb, DIR/variables/
//
// Checkpoint keys: b = 1, b/ExponentialMovingAverage = 4, other_b = 100,
// global_step = 1000 (int64). So x = 2, y = 3 gives 7 by default, 10 with
// --moving_averages, 106 with --restore=b=other_b and 11 (the initializer)
// with --restore=global_step. VARIANTs for the error tests change b's entry:
// b_float (dtype float), b_shape (shape [2]), no_b (key missing).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "compiler/import/checkpoint/bundle_writer_for_test.h"
#include "google/protobuf/text_format.h"
#include "proto/checkpoint.pb.h"

namespace {

using tfaot::checkpoint::testing::FloatTensor;
using tfaot::checkpoint::testing::TestTensor;

constexpr char kGraph[] = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "shape" value { shape {} } }
  }
  node {
    name: "y"
    op: "Placeholder"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "shape" value { shape {} } }
  }
  node {
    name: "b"
    op: "VariableV2"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "shape" value { shape {} } }
  }
  node {
    name: "b/initial_value"
    op: "Const"
    attr { key: "dtype" value { type: DT_INT32 } }
    attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape {} int_val: 5 } } }
  }
  node { name: "b/Assign" op: "Assign" input: "b" input: "b/initial_value" }
  node {
    name: "b/read"
    op: "Identity"
    input: "b"
    attr { key: "T" value { type: DT_INT32 } }
    attr { key: "_class" value { list { s: "loc:@b" } } }
  }
  node {
    name: "global_step"
    op: "VariableV2"
    attr { key: "dtype" value { type: DT_INT64 } }
    attr { key: "shape" value { shape {} } }
  }
  node {
    name: "global_step/initial_value"
    op: "Const"
    attr { key: "dtype" value { type: DT_INT64 } }
    attr { key: "value" value { tensor { dtype: DT_INT64 tensor_shape {} int64_val: 0 } } }
  }
  node { name: "global_step/Assign" op: "Assign" input: "global_step" input: "global_step/initial_value" }
  node {
    name: "mul"
    op: "Mul"
    input: "x"
    input: "y"
    attr { key: "T" value { type: DT_INT32 } }
  }
  node {
    name: "op_to_store"
    op: "Add"
    input: "mul"
    input: "b/read"
    attr { key: "T" value { type: DT_INT32 } }
  }
  node {
    name: "save/Const"
    op: "Const"
    attr { key: "dtype" value { type: DT_STRING } }
    attr { key: "value" value { tensor { dtype: DT_STRING tensor_shape {} string_val: "model" } } }
  }
  node {
    name: "save/RestoreV2/tensor_names"
    op: "Const"
    attr { key: "dtype" value { type: DT_STRING } }
    attr {
      key: "value"
      value {
        tensor {
          dtype: DT_STRING
          tensor_shape { dim { size: 2 } }
          string_val: "b"
          string_val: "global_step"
        }
      }
    }
  }
  node {
    name: "save/RestoreV2/shape_and_slices"
    op: "Const"
    attr { key: "dtype" value { type: DT_STRING } }
    attr {
      key: "value"
      value {
        tensor {
          dtype: DT_STRING
          tensor_shape { dim { size: 2 } }
          string_val: ""
          string_val: ""
        }
      }
    }
  }
  node {
    name: "save/RestoreV2"
    op: "RestoreV2"
    input: "save/Const"
    input: "save/RestoreV2/tensor_names"
    input: "save/RestoreV2/shape_and_slices"
    attr { key: "dtypes" value { list { type: DT_INT32 type: DT_INT64 } } }
  }
  node { name: "save/Assign" op: "Assign" input: "b" input: "save/RestoreV2" }
  node { name: "save/Assign_1" op: "Assign" input: "global_step" input: "save/RestoreV2:1" }
  node {
    name: "save/restore_all"
    op: "NoOp"
    input: "^save/Assign"
    input: "^save/Assign_1"
  }
  versions { producer: 27 }
)pb";

TestTensor Int32Scalar(const std::string& key, int32_t v) {
  return {key, tensorflow::DT_INT32, {}, std::string(reinterpret_cast<const char*>(&v), 4)};
}

TestTensor Int64Scalar(const std::string& key, int64_t v) {
  return {key, tensorflow::DT_INT64, {}, std::string(reinterpret_cast<const char*>(&v), 8)};
}

std::vector<TestTensor> Tensors(const std::string& variant) {
  std::vector<TestTensor> t = {Int32Scalar("b/ExponentialMovingAverage", 4),
                               Int32Scalar("other_b", 100), Int64Scalar("global_step", 1000)};
  if (variant.empty()) t.push_back(Int32Scalar("b", 1));
  else if (variant == "b_float") t.push_back(FloatTensor("b", {}, {1.0f}));
  else if (variant == "b_shape") t.push_back({"b", tensorflow::DT_INT32, {2}, std::string(8, '\1')});
  else if (variant != "no_b") return {};
  return t;
}

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

tensorflow::MetaGraphDef MetaGraph() {
  tensorflow::MetaGraphDef meta;
  if (!google::protobuf::TextFormat::ParseFromString(kGraph, meta.mutable_graph_def())) {
    std::cerr << "make_seed_checkpoint: bad built-in graph\n";
    std::exit(1);
  }
  meta.mutable_meta_info_def()->add_tags("serve");
  return meta;
}

// The SavedModel's serving signature: x, y -> result (op_to_store).
void AddSignature(tensorflow::MetaGraphDef* meta) {
  auto& sig = (*meta->mutable_signature_def())["serving_default"];
  sig.set_method_name("tensorflow/serving/predict");
  for (const char* input : {"x", "y"}) {
    auto& info = (*sig.mutable_inputs())[input];
    info.set_name(std::string(input) + ":0");
    info.set_dtype(tensorflow::DT_INT32);
    info.mutable_tensor_shape();
  }
  auto& out = (*sig.mutable_outputs())["result"];
  out.set_name("op_to_store:0");
  out.set_dtype(tensorflow::DT_INT32);
  out.mutable_tensor_shape();
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 2 ? argv[1] : "";
  std::string variant = argc > 3 ? argv[3] : "";
  if ((mode != "checkpoint" && mode != "saved_model") || argc > 4 ||
      (mode == "saved_model" && !variant.empty()) || Tensors(variant).empty()) {
    std::cerr << "usage: make_seed_checkpoint checkpoint PREFIX [b_float|b_shape|no_b]\n"
                 "       make_seed_checkpoint saved_model DIR\n";
    return 2;
  }
  tensorflow::MetaGraphDef meta = MetaGraph();
  if (mode == "checkpoint") {
    std::string prefix = argv[2];
    tfaot::checkpoint::testing::WriteBundle(prefix, Tensors(variant));
    return WriteFile(prefix + ".meta", meta.SerializeAsString()) ? 0 : 1;
  }
  std::filesystem::path dir = argv[2];
  std::filesystem::create_directories(dir / "variables");
  tfaot::checkpoint::testing::WriteBundle((dir / "variables" / "variables").string(),
                                          Tensors(""));
  AddSignature(&meta);
  tensorflow::SavedModel model;
  model.set_saved_model_schema_version(1);
  *model.add_meta_graphs() = meta;
  return WriteFile((dir / "saved_model.pb").string(), model.SerializeAsString()) ? 0 : 1;
}
