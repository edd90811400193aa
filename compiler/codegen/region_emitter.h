// C++ for the region nodes (ir/region.h): a While becomes a `for` loop when
// its trip count is known at compile time and a `while`-style loop that
// evaluates its condition region otherwise; an If becomes `if`/`else`. The
// regions' statements come from the module emitter (one code path for every
// node); this file writes the control structure and the copies across the
// region boundary: initial values into the loop's carried buffers, each
// iteration's results back into them, a branch's results into the If's
// outputs. A copy whose source already is its destination is left out.
#ifndef TFAOT_COMPILER_CODEGEN_REGION_EMITTER_H_
#define TFAOT_COMPILER_CODEGEN_REGION_EMITTER_H_

#include <functional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ir/graph.h"

namespace tfaot::codegen {

struct RegionEmitContext {
  CodeWriter* out = nullptr;
  // The C++ expression naming a value (a pointer or a constant array).
  std::function<std::string(const ir::ValueRef&)> operand;
  // What a value stands for: a block argument resolved to the outer value.
  std::function<ir::ValueRef(const ir::ValueRef&)> resolve;
  // Writes the statements of every node of `region`.
  std::function<absl::Status(const ir::Graph& region)> emit_region;
  // Identifiers in use; a loop counter takes a fresh one.
  std::set<std::string>* identifiers = nullptr;
};

absl::Status EmitWhile(const ir::Node& node, RegionEmitContext& ctx);
absl::Status EmitIf(const ir::Node& node, RegionEmitContext& ctx);

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_REGION_EMITTER_H_
