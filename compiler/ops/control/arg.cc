// Arg: a block argument of a region (ir/region.h). It has no computation:
// infer-shapes gives it the type (and, for a loop invariant or an If operand,
// the constant) of the owner's operand before inferring the region, and the
// memory plan places it on the operand's or the loop's own buffer.
#include "compiler/ops/op_def.h"

namespace tfaot::ops {
namespace {

absl::Status InferArg(ir::Node& node) {
  if (node.num_outputs() != 1 || node.output(0).dtype == ir::DType::kInvalid)
    return absl::InternalError(node.Describe() + ": block argument not typed by its region's owner");
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpArg = {"Arg", OpClass::kSource, &InferArg, nullptr,
                             nullptr, nullptr,         nullptr};

}  // namespace tfaot::ops
