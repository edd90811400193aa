#include "compiler/import/checkpoint/op_output_args.h"

#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tfaot::checkpoint {
namespace {

using Args = std::vector<OutputArg>;

OutputArg One(const char* name) { return {name, "", ""}; }
OutputArg Num(const char* name, const char* attr) { return {name, attr, ""}; }
OutputArg Types(const char* name, const char* attr) { return {name, "", attr}; }

const std::map<std::string, Args>& Table() {
  static const auto* table = new std::map<std::string, Args>{
      {"BroadcastGradientArgs", {One("r0"), One("r1")}},
      {"FusedBatchNorm",
       {One("y"), One("batch_mean"), One("batch_variance"),
        One("reserve_space_1"), One("reserve_space_2")}},
      {"FusedBatchNormV2",
       {One("y"), One("batch_mean"), One("batch_variance"),
        One("reserve_space_1"), One("reserve_space_2")}},
      {"FusedBatchNormV3",
       {One("y"), One("batch_mean"), One("batch_variance"),
        One("reserve_space_1"), One("reserve_space_2"),
        One("reserve_space_3")}},
      {"LSTMBlockCell",
       {One("i"), One("cs"), One("f"), One("o"), One("ci"), One("co"),
        One("h")}},
      {"MaxPoolWithArgmax", {One("output"), One("argmax")}},
      {"Merge", {One("output"), One("value_index")}},
      {"RefMerge", {One("output"), One("value_index")}},
      {"NonMaxSuppressionV4", {One("selected_indices"), One("valid_outputs")}},
      {"ParseExample",
       {Num("sparse_indices", "Nsparse"), Types("sparse_values", "sparse_types"),
        Num("sparse_shapes", "Nsparse"), Types("dense_values", "Tdense")}},
      {"ParseExampleV2",
       {Num("sparse_indices", "num_sparse"),
        Types("sparse_values", "sparse_types"),
        Num("sparse_shapes", "num_sparse"), Types("dense_values", "Tdense"),
        Types("ragged_values", "ragged_value_types"),
        Types("ragged_row_splits", "ragged_split_types")}},
      {"QuantizeV2", {One("output"), One("output_min"), One("output_max")}},
      {"QuantizedConv2D",
       {One("output"), One("min_output"), One("max_output")}},
      {"QuantizedMatMul", {One("out"), One("min_out"), One("max_out")}},
      {"QuantizedRelu",
       {One("activations"), One("min_activations"), One("max_activations")}},
      {"Qr", {One("q"), One("r")}},
      {"RequantizationRange", {One("output_min"), One("output_max")}},
      {"Requantize", {One("output"), One("output_min"), One("output_max")}},
      {"Svd", {One("s"), One("u"), One("v")}},
      {"Switch", {One("output_false"), One("output_true")}},
      {"RefSwitch", {One("output_false"), One("output_true")}},
      {"TensorArrayV3", {One("handle"), One("flow")}},
      {"TopK", {One("values"), One("indices")}},
      {"TopKV2", {One("values"), One("indices")}},
      {"Unique", {One("y"), One("idx")}},
      {"UniqueV2", {One("y"), One("idx")}},
      {"UniqueWithCounts", {One("y"), One("idx"), One("count")}},
  };
  return *table;
}

}  // namespace

const std::vector<OutputArg>* KnownMultiOutputArgs(const std::string& op) {
  auto it = Table().find(op);
  return it == Table().end() ? nullptr : &it->second;
}

std::vector<OutputArg> OutputArgsOf(const tensorflow::OpDef& signature) {
  std::vector<OutputArg> args;
  for (const auto& a : signature.output_arg()) {
    args.push_back({a.name(), a.number_attr(), a.type_list_attr()});
  }
  return args;
}

absl::StatusOr<int> FlatOutputIndex(const tensorflow::NodeDef& node,
                                    const std::vector<OutputArg>& args,
                                    const std::string& arg_name, int index) {
  int offset = 0;
  for (const OutputArg& arg : args) {
    int count = 1;
    if (!arg.number_attr.empty() || !arg.type_list_attr.empty()) {
      const std::string& attr =
          arg.number_attr.empty() ? arg.type_list_attr : arg.number_attr;
      auto it = node.attr().find(attr);
      if (it == node.attr().end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "node '", node.name(), "' (", node.op(), ") lacks attr '", attr,
            "', needed to size its output '", arg.name, "'"));
      }
      count = arg.number_attr.empty() ? it->second.list().type_size()
                                      : static_cast<int>(it->second.i());
    }
    if (arg.name == arg_name) {
      if (index < 0 || index >= count) {
        return absl::InvalidArgumentError(absl::StrCat(
            "node '", node.name(), "' (", node.op(), ") output '", arg_name,
            ":", index, "' is out of range (", count, " tensors)"));
      }
      return offset + index;
    }
    offset += count;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "node '", node.name(), "' (", node.op(), ") has no output arg '",
      arg_name, "'"));
}

}  // namespace tfaot::checkpoint
