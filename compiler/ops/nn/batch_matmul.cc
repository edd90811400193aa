// BatchMatMul, BatchMatMulV2, BatchMatMulV3: matrix products over the last two
// dimensions with adj_x/adj_y (a transpose for real types); the batch
// dimensions broadcast as in numpy (V1 graphs always have equal ones).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/batch_matmul.h"

namespace tfaot::ops {
namespace {

absl::StatusOr<rt::BatchMatMulShape> Plan(const ir::Node& node, ir::Shape* out_shape) {
  const ir::Shape& a = node.input_value(0).shape;
  const ir::Shape& b = node.input_value(1).shape;
  if (a.size() < 2 || b.size() < 2)
    return node.Error(absl::StrCat("expects inputs of rank >= 2, got ", ir::ShapeToString(a),
                                   " and ", ir::ShapeToString(b)));
  rt::BatchMatMulShape s{};
  s.transpose_a = node.GetBoolOr("adj_x", false);
  s.transpose_b = node.GetBoolOr("adj_y", false);
  const size_t ra = a.size(), rb = b.size();
  s.m = s.transpose_a ? a[ra - 1] : a[ra - 2];
  s.k = s.transpose_a ? a[ra - 2] : a[ra - 1];
  const int64_t kb = s.transpose_b ? b[rb - 1] : b[rb - 2];
  s.n = s.transpose_b ? b[rb - 2] : b[rb - 1];
  if (s.k != kb)
    return node.Error(absl::StrCat("inner dimensions differ: ", ir::ShapeToString(a),
                                   s.transpose_a ? " (adj_x)" : "", " x ", ir::ShapeToString(b),
                                   s.transpose_b ? " (adj_y)" : ""));
  ir::Shape batch_a(a.begin(), a.end() - 2), batch_b(b.begin(), b.end() - 2);
  auto batch = BroadcastShapes(node, batch_a, batch_b);
  if (!batch.ok()) return batch.status();
  if (batch->size() > rt::kMaxBatchRank)
    return node.Error(absl::StrCat("more than ", rt::kMaxBatchRank, " batch dimensions"));
  s.rank = static_cast<int64_t>(batch->size());
  std::vector<int64_t> sa = BroadcastStrides(batch_a, *batch);
  std::vector<int64_t> sb = BroadcastStrides(batch_b, *batch);
  for (int64_t i = 0; i < s.rank; ++i) {
    s.dims[i] = (*batch)[i];
    s.a_strides[i] = sa[i];
    s.b_strides[i] = sb[i];
  }
  *out_shape = *batch;
  out_shape->push_back(s.m);
  out_shape->push_back(s.n);
  return s;
}

absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  ir::DType out = node.input_value(0).dtype;
  if (node.HasAttr("Tout")) {
    auto t = node.GetType("Tout");
    if (!t.ok()) return t.status();
    if (*t != out)
      return node.Error(absl::StrCat("Tout ", ir::DTypeName(*t), " differs from the input dtype ",
                                     ir::DTypeName(out), "; not supported"));
  }
  ir::Shape shape;
  auto p = Plan(node, &shape);
  if (!p.ok()) return p.status();
  node.SetOutput(0, out, shape);
  return absl::OkStatus();
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  ir::Shape shape;
  auto p = Plan(node, &shape);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes))
      rt::BatchMatMul<T>(in[0]->data<T>(), in[1]->data<T>(), out[0].data<T>(), *p);
  });
  return absl::OkStatus();
}

std::string ArrayLiteral(const int64_t* v, int64_t n) {
  return absl::StrCat("{", absl::StrJoin(std::vector<int64_t>(v, v + n), ", "), "}");
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  ir::Shape shape;
  auto p = Plan(node, &shape);
  if (!p.ok()) return p.status();
  ctx.out->Line(absl::StrCat(
      "tfaot::rt::BatchMatMul<", ir::DTypeCppName(node.output(0).dtype), ">(", ctx.inputs[0],
      ", ", ctx.inputs[1], ", ", ctx.outputs[0], ", tfaot::rt::BatchMatMulShape{", p->rank, ", ",
      ArrayLiteral(p->dims, p->rank), ", ", ArrayLiteral(p->a_strides, p->rank), ", ",
      ArrayLiteral(p->b_strides, p->rank), ", ", p->m, ", ", p->k, ", ", p->n, ", ",
      p->transpose_a ? "true" : "false", ", ", p->transpose_b ? "true" : "false", "});"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpBatchMatMul = {"BatchMatMul", OpClass::kKernel, &Infer, &Eval,
                                     &Emit, nullptr, "runtime/batch_matmul.h"};
extern const OpDef kOpBatchMatMulV2 = {"BatchMatMulV2", OpClass::kKernel, &Infer, &Eval,
                                       &Emit, nullptr, "runtime/batch_matmul.h"};
extern const OpDef kOpBatchMatMulV3 = {"BatchMatMulV3", OpClass::kKernel, &Infer, &Eval,
                                       &Emit, nullptr, "runtime/batch_matmul.h"};

}  // namespace tfaot::ops
