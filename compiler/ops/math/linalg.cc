// MatrixDeterminant and MatrixInverse (batches of square matrices in the last
// two dimensions; LU with partial pivoting) and Cross (3-vectors along the
// last dimension). Generated code keeps the LU work matrix on the stack, so
// matrices are limited to kMaxOrder rows.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/linalg.h"

namespace tfaot::ops {
namespace {

constexpr int64_t kMaxOrder = 128;

struct Batch {
  int64_t batch, n;
};

absl::StatusOr<Batch> SquareBatch(const ir::Node& node) {
  const ir::Shape& s = node.input_value(0).shape;
  if (s.size() < 2 || s[s.size() - 1] != s[s.size() - 2])
    return node.Error(absl::StrCat("expects square matrices in the last two dimensions, got ",
                                   ir::ShapeToString(s)));
  Batch b{1, s.back()};
  for (size_t i = 0; i + 2 < s.size(); ++i) b.batch *= s[i];
  if (b.n > kMaxOrder)
    return node.Error(absl::StrCat("matrices of order ", b.n, " exceed the supported ",
                                   kMaxOrder));
  return b;
}

template <bool kInverse>
absl::Status InferMatrix(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kFloatTypes); !s.ok()) return s;
  auto b = SquareBatch(node);
  if (!b.ok()) return b.status();
  const ir::Shape& in = node.input_value(0).shape;
  node.SetOutput(0, node.input_value(0).dtype,
                 kInverse ? in : ir::Shape(in.begin(), in.end() - 2));
  return absl::OkStatus();
}

template <bool kInverse>
absl::Status EvalMatrix(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  auto b = SquareBatch(node);
  if (!b.ok()) return b.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  const bool adjoint = node.GetBoolOr("adjoint", false);
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kFloatTypes)) {
      std::vector<T> work(std::max<int64_t>(b->n * b->n, 1));
      if (kInverse)
        rt::MatrixInverseWork<T>(in[0]->data<T>(), out[0].data<T>(), b->batch, b->n, adjoint,
                                 work.data());
      else
        rt::MatrixDeterminantWork<T>(in[0]->data<T>(), out[0].data<T>(), b->batch, b->n,
                                     work.data());
    }
  });
  return absl::OkStatus();
}

template <bool kInverse>
absl::Status EmitMatrix(const ir::Node& node, codegen::KernelContext& ctx) {
  auto b = SquareBatch(node);
  if (!b.ok()) return b.status();
  const std::string type = ir::DTypeCppName(node.output(0).dtype);
  if (kInverse)
    ctx.out->Line(absl::StrCat("tfaot::rt::MatrixInverse<", type, ", ", b->n, ">(",
                               ctx.inputs[0], ", ", ctx.outputs[0], ", ", b->batch, ", ",
                               node.GetBoolOr("adjoint", false) ? "true" : "false", ");"));
  else
    ctx.out->Line(absl::StrCat("tfaot::rt::MatrixDeterminant<", type, ", ", b->n, ">(",
                               ctx.inputs[0], ", ", ctx.outputs[0], ", ", b->batch, ");"));
  return absl::OkStatus();
}

// ---- Cross ----

absl::Status InferCross(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  const ir::Shape& a = node.input_value(0).shape;
  const ir::Shape& b = node.input_value(1).shape;
  if (a != b || a.empty() || a.back() != 3)
    return node.Error(absl::StrCat("expects two inputs of one shape [..., 3], got ",
                                   ir::ShapeToString(a), " and ", ir::ShapeToString(b)));
  return InferSameAsInput(node);
}

absl::Status EvalCross(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                       std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes))
      rt::Cross<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(),
                   in[0]->num_elements() / 3);
  });
  return absl::OkStatus();
}

absl::Status EmitCross(const ir::Node& node, codegen::KernelContext& ctx) {
  ctx.out->Line(absl::StrCat("tfaot::rt::Cross(", ctx.inputs[0], ", ", ctx.inputs[1], ", ",
                             ctx.outputs[0], ", ",
                             ir::NumElements(node.output(0).shape) / 3, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpMatrixDeterminant = {"MatrixDeterminant", OpClass::kKernel,
                                           &InferMatrix<false>, &EvalMatrix<false>,
                                           &EmitMatrix<false>, nullptr, "runtime/linalg.h"};
extern const OpDef kOpMatrixInverse = {"MatrixInverse", OpClass::kKernel, &InferMatrix<true>,
                                       &EvalMatrix<true>, &EmitMatrix<true>, nullptr,
                                       "runtime/linalg.h"};
extern const OpDef kOpCross = {"Cross",    OpClass::kKernel, &InferCross, &EvalCross,
                               &EmitCross, nullptr,          "runtime/linalg.h"};

}  // namespace tfaot::ops
