// Diagonals: MatrixDiag, MatrixDiagPart, MatrixSetDiag (the main diagonal of
// the innermost matrices; TensorFlow's v1 ops), Diag and DiagPart (a
// tensor's "diagonal" over flattened halves), as strided copies whose
// matrix-side stride is n + 1; and MatrixBandPart (runtime/masked_copy.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/masked_copy.h"

namespace tfaot::ops {
namespace {

int64_t Batch(const ir::Shape& s, size_t inner_dims) {
  int64_t b = 1;
  for (size_t i = 0; i + inner_dims < s.size(); ++i) b *= s[i];
  return b;
}

// A copy between the diagonals of [batch, m, n] matrices and [batch, k] rows.
BoxCopy DiagCopy(int64_t batch, int64_t m, int64_t n, bool to_matrix, int input) {
  int64_t k = std::min(m, n);
  BoxCopy c;
  c.input = input;
  c.shape = {batch, k};
  std::vector<int64_t> rows = {k, 1}, matrix = {m * n, n + 1};
  c.in_strides = to_matrix ? rows : matrix;
  c.out_strides = to_matrix ? matrix : rows;
  return c;
}

absl::Status InferMatrixDiag(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  ir::Shape shape = node.input_value(0).shape;
  if (shape.empty()) return node.Error("expects at least a 1-D input");
  shape.push_back(shape.back());
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanMatrixDiag(const ir::Node& node) {
  const ir::Shape& in = node.input_value(0).shape;
  CopyPlan plan;
  plan.fill = CopyPlan::Fill::kZero;
  plan.copies.push_back(DiagCopy(Batch(in, 1), in.back(), in.back(), true, 0));
  return plan;
}

absl::Status InferMatrixDiagPart(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  ir::Shape shape = node.input_value(0).shape;
  if (shape.size() < 2) return node.Error("expects at least a 2-D input");
  int64_t k = std::min(shape[shape.size() - 2], shape.back());
  shape.pop_back();
  shape.back() = k;
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanMatrixDiagPart(const ir::Node& node) {
  const ir::Shape& in = node.input_value(0).shape;
  CopyPlan plan;
  plan.copies.push_back(DiagCopy(Batch(in, 2), in[in.size() - 2], in.back(), false, 0));
  return plan;
}

absl::Status InferMatrixSetDiag(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 0, 2); !s.ok()) return s;
  const ir::Shape& in = node.input_value(0).shape;
  if (in.size() < 2) return node.Error("expects at least a 2-D input");
  ir::Shape expect(in.begin(), in.end() - 1);
  expect.back() = std::min(in[in.size() - 2], in.back());
  if (node.input_value(1).shape != expect)
    return node.Error(absl::StrCat("diagonal must have shape ", ir::ShapeToString(expect),
                                   ", not ", ir::ShapeToString(node.input_value(1).shape)));
  return InferSameAsInput(node);
}

absl::StatusOr<CopyPlan> PlanMatrixSetDiag(const ir::Node& node) {
  const ir::Shape& in = node.input_value(0).shape;
  CopyPlan plan;
  BoxCopy all;
  all.shape = {ir::NumElements(in)};
  all.in_strides = all.out_strides = {1};
  plan.copies.push_back(all);
  plan.copies.push_back(DiagCopy(Batch(in, 2), in[in.size() - 2], in.back(), true, 1));
  return plan;
}

// Diag: [D] -> [D, D]; DiagPart: [D, D] -> [D].
absl::Status InferDiag(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  ir::Shape shape = node.input_value(0).shape;
  if (node.op() == "Diag") {
    if (shape.empty()) return node.Error("expects at least a 1-D input");
    shape.insert(shape.end(), shape.begin(), shape.end());
  } else {
    size_t half = shape.size() / 2;
    if (shape.empty() || shape.size() % 2 ||
        !std::equal(shape.begin(), shape.begin() + half, shape.begin() + half))
      return node.Error("expects a shape [D, D] of even rank, not " + ir::ShapeToString(shape));
    shape.resize(half);
  }
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanDiag(const ir::Node& node) {
  bool diag = node.op() == "Diag";
  int64_t p = ir::NumElements(diag ? node.input_value(0).shape : node.output(0).shape);
  CopyPlan plan;
  if (diag) plan.fill = CopyPlan::Fill::kZero;
  plan.copies.push_back(DiagCopy(1, p, p, diag, 0));
  return plan;
}

// ---- MatrixBandPart ----
absl::StatusOr<std::pair<int64_t, int64_t>> Band(const ir::Node& node) {
  auto lower = RequireConstantInput(node, 1, "num_lower");
  if (!lower.ok()) return lower.status();
  auto upper = RequireConstantInput(node, 2, "num_upper");
  if (!upper.ok()) return upper.status();
  if ((*lower)->num_elements() != 1 || (*upper)->num_elements() != 1)
    return node.Error("num_lower and num_upper must be scalars");
  return std::make_pair((*lower)->AsInt64(0), (*upper)->AsInt64(0));
}

absl::Status InferBandPart(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (node.input_value(0).shape.size() < 2) return node.Error("expects at least a 2-D input");
  if (auto b = Band(node); !b.ok()) return b.status();
  return InferSameAsInput(node);
}

absl::Status EvalBandPart(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  auto band = Band(node);
  if (!band.ok()) return band.status();
  const ir::Shape& s = in[0]->shape();
  out.assign(1, ir::Tensor(in[0]->dtype(), s));
  VisitBySize(in[0]->dtype(), [&](auto t) {
    using T = decltype(t);
    rt::BandPart<T>(in[0]->data<T>(), out[0].data<T>(), Batch(s, 2), s[s.size() - 2], s.back(),
                    band->first, band->second);
  });
  return absl::OkStatus();
}

absl::Status EmitBandPart(const ir::Node& node, codegen::KernelContext& ctx) {
  auto band = Band(node);
  if (!band.ok()) return band.status();
  const ir::Shape& s = node.output(0).shape;
  ctx.out->Line(absl::StrCat("tfaot::rt::BandPart(", ctx.inputs[0], ", ", ctx.outputs[0], ", ",
                             Batch(s, 2), ", ", s[s.size() - 2], ", ", s.back(), ", ",
                             band->first, ", ", band->second, ");"));
  return absl::OkStatus();
}

}  // namespace

TFAOT_COPY_OP(MatrixDiag, InferMatrixDiag, PlanMatrixDiag)
TFAOT_COPY_OP(MatrixDiagPart, InferMatrixDiagPart, PlanMatrixDiagPart)
TFAOT_COPY_OP(MatrixSetDiag, InferMatrixSetDiag, PlanMatrixSetDiag)
TFAOT_COPY_OP(Diag, InferDiag, PlanDiag)
TFAOT_COPY_OP(DiagPart, InferDiag, PlanDiag)
extern const OpDef kOpMatrixBandPart = {"MatrixBandPart", OpClass::kKernel, &InferBandPart,
                                        &EvalBandPart,    &EmitBandPart,    nullptr,
                                        "runtime/masked_copy.h"};

}  // namespace tfaot::ops
