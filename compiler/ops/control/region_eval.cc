#include "compiler/ops/control/region_eval.h"

#include <deque>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"

namespace tfaot::ops {

absl::StatusOr<std::vector<ir::Tensor>> EvaluateRegion(const ir::Graph& region,
                                                       const std::vector<const ir::Tensor*>& args,
                                                       const std::vector<int>& yields) {
  std::vector<int> wanted = yields;
  if (wanted.empty())
    for (size_t i = 0; i < region.fetches().size(); ++i) wanted.push_back(static_cast<int>(i));
  // The nodes the wanted yields depend on.
  std::set<const ir::Node*> needed;
  std::vector<const ir::Node*> work;
  for (int y : wanted) work.push_back(region.fetches()[y].value.node);
  while (!work.empty()) {
    const ir::Node* n = work.back();
    work.pop_back();
    if (!needed.insert(n).second) continue;
    bool known = n->num_outputs() > 0;
    for (const ir::Value& v : n->outputs()) known &= v.constant != nullptr;
    if (known) continue;  // its inputs are not needed
    for (const ir::ValueRef& in : n->inputs()) work.push_back(in.node);
  }
  std::map<const ir::Node*, int> arg_index;
  for (size_t i = 0; i < region.feeds().size(); ++i)
    arg_index[region.feeds()[i].node] = static_cast<int>(i);

  std::map<std::pair<const ir::Node*, int>, const ir::Tensor*> values;
  std::deque<ir::Tensor> storage;  // stable addresses
  for (const auto& node : region.nodes()) {
    if (!needed.count(node.get())) continue;
    bool known = node->num_outputs() > 0;
    for (const ir::Value& v : node->outputs()) known &= v.constant != nullptr;
    if (known) {
      for (int i = 0; i < node->num_outputs(); ++i)
        values[{node.get(), i}] = node->output(i).constant.get();
      continue;
    }
    if (node->op() == ir::kArgOp) {
      const ir::Tensor* arg = args.at(arg_index.at(node.get()));
      if (!arg)
        return absl::FailedPreconditionError(absl::StrCat(
            "block argument '", node->name(), "' of region '", region.label(),
            "' is not known at compile time"));
      values[{node.get(), 0}] = arg;
      continue;
    }
    const OpDef* op = FindOp(node->op());
    if (!op || !op->eval)
      return absl::UnimplementedError(node->Describe() +
                                      ": the reference evaluator cannot compute this op");
    std::vector<const ir::Tensor*> inputs;
    for (const ir::ValueRef& in : node->inputs()) inputs.push_back(values.at({in.node, in.index}));
    std::vector<ir::Tensor> outputs;
    if (auto s = op->eval(*node, inputs, outputs); !s.ok()) return s;
    if (static_cast<int>(outputs.size()) != node->num_outputs())
      return absl::InternalError(node->Describe() + ": evaluator returned the wrong output count");
    for (int i = 0; i < node->num_outputs(); ++i) {
      storage.push_back(std::move(outputs[i]));
      values[{node.get(), i}] = &storage.back();
    }
  }
  std::vector<ir::Tensor> result;
  for (int y : wanted) {
    const ir::ValueRef& v = region.fetches()[y].value;
    result.push_back(*values.at({v.node, v.index}));
  }
  return result;
}

}  // namespace tfaot::ops
