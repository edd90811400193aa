// Runs one op's shape rule and reference evaluator on constant inputs, as
// constant folding does, so op tests state inputs and hand-computed outputs.
#ifndef TFAOT_COMPILER_OPS_OP_TEST_UTIL_H_
#define TFAOT_COMPILER_OPS_OP_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/ops/op_def.h"

namespace tfaot::ops {

// Output 0 of `op` applied to `inputs`; errors from infer or eval.
inline absl::StatusOr<ir::Tensor> EvalOp(const std::string& op,
                                         const std::vector<ir::Tensor>& inputs,
                                         ir::AttrMap attrs = {}) {
  const OpDef* def = FindOp(op);
  if (!def) return absl::NotFoundError("op " + op + " is not registered");
  ir::GraphBuilder b;
  std::vector<ir::In> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Node* c = b.ConstTensor("in" + std::to_string(i), inputs[i]);
    if (auto s = FindOp("Const")->infer(*c); !s.ok()) return s;
    ins.push_back(c);
  }
  ir::Node* node = b.Op("node", op, ins, std::move(attrs));
  if (auto s = def->infer(*node); !s.ok()) return s;
  if (!def->eval) return absl::UnimplementedError(op + " has no evaluator");
  std::vector<const ir::Tensor*> in_ptrs;
  for (int i = 0; i < node->num_inputs(); ++i) in_ptrs.push_back(node->input_constant(i));
  std::vector<ir::Tensor> out;
  if (auto s = def->eval(*node, in_ptrs, out); !s.ok()) return s;
  if (out.empty()) return absl::InternalError("no output");
  if (out[0].shape() != node->output(0).shape || out[0].dtype() != node->output(0).dtype)
    return absl::InternalError("evaluator disagrees with the shape rule");
  return out[0];
}

template <typename T>
std::vector<T> Values(const ir::Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.num_elements());
}

template <typename T>
ir::Tensor T1(const std::vector<T>& v) {
  return ir::Tensor::FromVector<T>(v, {static_cast<int64_t>(v.size())});
}

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_OP_TEST_UTIL_H_
