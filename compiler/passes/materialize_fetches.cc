#include "compiler/passes/materialize_fetches.h"

#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

// The node whose buffer `value` lives in, following views (Reshape, ...).
const ir::Node* BufferOwner(ir::ValueRef value) {
  while (true) {
    const ops::OpDef* op = ops::FindOp(value.node->op());
    if (!op || op->op_class != ops::OpClass::kView || value.node->output(0).constant) break;
    value = value.node->inputs()[0];
  }
  return value.node;
}

}  // namespace

absl::Status MaterializeFetches(ir::Graph& graph) {
  for (ir::Fetch& fetch : graph.fetches()) {
    const ir::Node* owner = BufferOwner(fetch.value);
    bool needs_copy = fetch.value.node->output(fetch.value.index).constant != nullptr ||
                      owner->op() == "Placeholder";
    if (!needs_copy) continue;
    const ir::Value& v = fetch.value.node->output(fetch.value.index);
    ir::Node* copy = graph.AddNode(graph.UniqueName(fetch.name + "_result"), "Identity");
    copy->inputs().push_back(fetch.value);
    copy->SetOutput(0, v.dtype, v.shape);
    fetch.value = {copy, 0};
  }
  return absl::OkStatus();
}

}  // namespace tfaot::passes
