// MatMul: 2-D product with optional transposes (TensorFlow's transpose_a/b).
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/matmul.h"

namespace tfaot::ops {
namespace {

struct MatMulDims {
  int64_t m, k, n;
  bool ta, tb;
};

absl::StatusOr<MatMulDims> Dims(const ir::Node& node) {
  const ir::Shape& a = node.input_value(0).shape;
  const ir::Shape& b = node.input_value(1).shape;
  if (a.size() != 2 || b.size() != 2)
    return node.Error(absl::StrCat("expects 2-D inputs, got ", ir::ShapeToString(a), " and ",
                                   ir::ShapeToString(b)));
  MatMulDims d;
  d.ta = node.GetBoolOr("transpose_a", false);
  d.tb = node.GetBoolOr("transpose_b", false);
  d.m = d.ta ? a[1] : a[0];
  d.k = d.ta ? a[0] : a[1];
  int64_t kb = d.tb ? b[1] : b[0];
  d.n = d.tb ? b[0] : b[1];
  if (d.k != kb)
    return node.Error(absl::StrCat("inner dimensions differ: ", ir::ShapeToString(a),
                                   d.ta ? "^T" : "", " x ", ir::ShapeToString(b),
                                   d.tb ? "^T" : ""));
  return d;
}

absl::Status InferMatMul(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto d = Dims(node);
  if (!d.ok()) return d.status();
  node.SetOutput(0, node.input_value(0).dtype, {d->m, d->n});
  return absl::OkStatus();
}

absl::Status EvalMatMul(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  auto d = Dims(node);
  if (!d.ok()) return d.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (!std::is_same_v<T, bool>)
      rt::MatMul<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(), d->m, d->k, d->n,
                    d->ta, d->tb);
  });
  return absl::OkStatus();
}

absl::Status EmitMatMul(const ir::Node& node, codegen::KernelContext& ctx) {
  auto d = Dims(node);
  if (!d.ok()) return d.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::MatMul<", ir::DTypeCppName(node.output(0).dtype),
                             ">(", ctx.inputs[0], ", ", ctx.inputs[1], ", ", ctx.outputs[0],
                             ", ", d->m, ", ", d->k, ", ", d->n, ", ",
                             d->ta ? "true" : "false", ", ", d->tb ? "true" : "false", ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpMatMul = {"MatMul",    OpClass::kKernel, &InferMatMul, &EvalMatMul,
                                &EmitMatMul, nullptr,          "runtime/matmul.h"};

}  // namespace tfaot::ops
