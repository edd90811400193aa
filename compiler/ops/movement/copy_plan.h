// Data-movement ops as a short program of strided copies (runtime/
// strided_copy.h): an optional fill of output 0, then copies of boxes from
// an input (or from an output already written, for MirrorPad) into outputs.
// An op describes its program once (a PlanFn from the node's static shapes
// and constant operands); EvalCopyPlan and EmitCopyPlan run or print it, so
// constant folding and generated code do the same copies.
#ifndef TFAOT_COMPILER_OPS_COPY_PLAN_H_
#define TFAOT_COMPILER_OPS_COPY_PLAN_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/codegen/kernel_context.h"
#include "compiler/ir/graph.h"

namespace tfaot::ops {

struct BoxCopy {
  ir::Shape shape;
  std::vector<int64_t> in_strides, out_strides;  // elements; may be 0 or < 0
  int64_t in_offset = 0, out_offset = 0;
  int input = 0;   // node input index; kFromOutput reads output `output`
  int output = 0;
  static constexpr int kFromOutput = -1;
};

struct CopyPlan {
  enum class Fill { kNone, kZero, kInput } fill = Fill::kNone;
  int fill_input = -1;  // Fill::kInput: element 0 of this input fills output 0
  std::vector<BoxCopy> copies;
};

using PlanFn = absl::StatusOr<CopyPlan> (*)(const ir::Node& node);

// Calls fn(U{}) with U the unsigned integer type of t's element size: ops
// that only move elements work on their bits, so every dtype (half too)
// takes the same code. Returns false for sizes without such a type.
template <typename Fn>
bool VisitBySize(ir::DType t, Fn&& fn) {
  switch (ir::DTypeSize(t)) {
    case 1: fn(uint8_t{}); return true;
    case 2: fn(uint16_t{}); return true;
    case 4: fn(uint32_t{}); return true;
    case 8: fn(uint64_t{}); return true;
    default: return false;
  }
}

// A copy of the box `shape` from a row-major input of shape `in_shape`
// starting at `begin` with per-dimension `step`s to a dense output (the
// strides of Slice/StridedSlice/Reverse/Transpose-free copies).
BoxCopy DenseBoxCopy(const ir::Shape& in_shape, const std::vector<int64_t>& begin,
                     const std::vector<int64_t>& step, const ir::Shape& shape);

// Drops size-1 dimensions and merges dimensions that are contiguous in both
// source and destination, so the emitted call has the lowest rank.
void Simplify(BoxCopy& copy);

absl::Status RunCopyPlan(const ir::Node& node, const CopyPlan& plan,
                         const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out);
absl::Status PrintCopyPlan(const ir::Node& node, const CopyPlan& plan,
                           codegen::KernelContext& ctx);

template <PlanFn kPlan>
absl::Status EvalCopyPlan(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  auto plan = kPlan(node);
  if (!plan.ok()) return plan.status();
  return RunCopyPlan(node, *plan, in, out);
}

template <PlanFn kPlan>
absl::Status EmitCopyPlan(const ir::Node& node, codegen::KernelContext& ctx) {
  auto plan = kPlan(node);
  if (!plan.ok()) return plan.status();
  return PrintCopyPlan(node, *plan, ctx);
}

// Defines kOp<name>, an op whose work is the copy plan `plan` (in namespace
// tfaot::ops, after the anonymous namespace holding `infer` and `plan`).
#define TFAOT_COPY_OP(name, infer, plan)                                               \
  extern const OpDef kOp##name = {#name,           OpClass::kKernel,     &infer,       \
                                  &EvalCopyPlan<&plan>, &EmitCopyPlan<&plan>, nullptr, \
                                  "runtime/strided_copy.h"};

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_COPY_PLAN_H_
