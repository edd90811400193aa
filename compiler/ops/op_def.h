// One op = one record: how its output dtypes and shapes follow from its
// inputs (infer), how to compute it at compile time (eval, used by constant
// folding and `tfaotc run --reference`), and what C++ computes it at run time
// (emit, or expr for elementwise ops, which the fusion pass composes).
#ifndef TFAOT_COMPILER_OPS_OP_DEF_H_
#define TFAOT_COMPILER_OPS_OP_DEF_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "compiler/codegen/kernel_context.h"
#include "compiler/ir/graph.h"

namespace tfaot::ops {

enum class OpClass {
  kSource,       // Placeholder, Const: no code; the value is an input or data
  kElementwise,  // one output element from the same-index input elements
                 // (numpy broadcasting); fused into loops via `expr`
  kView,         // output has the input's bytes under another shape (Reshape)
  kKernel,       // anything else: `emit` writes the statements
  kRegion,       // While, If: owns regions; codegen writes the loop or branch
                 // (codegen/region_emitter.cc), `eval` interprets the regions
};

using InferFn = absl::Status (*)(ir::Node& node);
using EvalFn = absl::Status (*)(const ir::Node& node,
                                const std::vector<const ir::Tensor*>& inputs,
                                std::vector<ir::Tensor>& outputs);
using EmitFn = absl::Status (*)(const ir::Node& node, codegen::KernelContext& ctx);
// A C++ expression for one fused step, given its operands' expressions.
using ExprFn = std::string (*)(const ir::FusedStep& step, const std::vector<std::string>& args);
using ScratchFn = int64_t (*)(const ir::Node& node);
// Whether output `output` is a contiguous run of input `*input`'s elements,
// starting `*offset` elements in; see OpDef::slice_view.
using SliceViewFn = bool (*)(const ir::Node& node, int output, int* input, int64_t* offset);

struct OpDef {
  const char* name;
  OpClass op_class;
  InferFn infer;
  EvalFn eval;        // nullptr: never folded
  EmitFn emit;        // kKernel only
  ExprFn expr;        // kElementwise only
  const char* header; // runtime header the emitted code includes, or nullptr
  ScratchFn scratch_bytes = nullptr;  // run-time scratch the kernel needs
  // Output 0 is input 0 with some elements replaced (the TensorArray
  // writers): the memory plan gives it input 0's buffer when nothing reads
  // the old value later, else the module emitter copies input 0 into the
  // output first; `emit` writes only the replaced elements.
  bool in_place = false;
  // Output k may be a slice of an input's buffer (Split along an axis with
  // only size-1 axes before it, as an LSTM cell splits its gates): the memory
  // plan places it there, and the copy that would fill it, from a buffer onto
  // itself, is skipped (PrintCopyPlan).
  SliceViewFn slice_view = nullptr;
};

// The op named `name`, or nullptr when tfaotc does not support it.
const OpDef* FindOp(const std::string& name);
// Every supported op, sorted by name.
std::vector<const OpDef*> AllOps();

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_OP_DEF_H_
