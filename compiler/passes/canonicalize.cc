#include "compiler/passes/canonicalize.h"

namespace tfaot::passes {

absl::Status Canonicalize(ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    // NHWC BiasAdd is numpy broadcasting along the last axis: an AddV2 that
    // the fusion pass can merge with the activation that follows.
    if (node->op() == "BiasAdd" && node->GetStringOr("data_format", "NHWC").rfind("NC", 0) != 0) {
      node->set_op("AddV2");
      node->attrs().clear();
    }
  }
  return absl::OkStatus();
}

}  // namespace tfaot::passes
