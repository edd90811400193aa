// Emits the loop nest of a Fused node: one pass over the output, each step of
// the fused expression a named local (after the node it came from), leaves
// read with numpy broadcasting. When no leaf is broadcast the loop is flat,
// which is what the C++ compiler vectorizes best.
#ifndef TFAOT_COMPILER_CODEGEN_FUSED_LOOP_H_
#define TFAOT_COMPILER_CODEGEN_FUSED_LOOP_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ir/graph.h"

namespace tfaot::codegen {

struct FusedLeaf {
  // A pointer expression to index, or (when `is_literal`) a scalar literal.
  std::string expr;
  bool is_literal = false;
  ir::Shape shape;
};

// `pool`: the thread-pool expression; loops with enough work (see
// kFusedLoopCostPerStep) split their outermost dimension into ranges on it,
// each element computed as without it. Empty: never split.
absl::Status EmitFusedLoop(const ir::Node& node, const std::vector<FusedLeaf>& leaves,
                           const std::string& output, std::set<std::string>& identifiers,
                           CodeWriter& out, const std::string& pool = "");

// Work per element and fused step, in the units of rt::kParallelMinWork
// (multiply-adds in a vectorized kernel): a step reads and writes memory.
constexpr int64_t kFusedLoopCostPerStep = 4;

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_FUSED_LOOP_H_
