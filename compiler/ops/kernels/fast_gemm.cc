// Internal kernels the select-kernels pass chooses for float32 MatMul and
// BatchMatMul (runtime/fast_gemm.h):
//   TfaotPackPanels(b) -> [count * packed size]   B in 16-column panels, at run time
//   TfaotGemm(a, packed_b[, bias][, residual])     C = act(op(A) * B + bias + residual)
// TfaotGemm's attributes: "m", "k", "n" (per matrix), "transpose_a", the
// batch dimensions of C with A's and B's strides in matrices (0 where
// broadcast; all empty for MatMul), "blocking" [kc, mc] (PlanGemm),
// "has_bias", "has_residual", "activation" (0 none, 1 Relu, 2 Relu6).
// TfaotPackPanels': "k", "n", "transpose_b". Eval and the emitted code call
// the same runtime functions.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/op_def.h"
#include "runtime/fast_gemm.h"

namespace tfaot::ops {
namespace {

// The attributes as the kernel's shape; `fold`: with the batches folded into
// rows where they can be (FoldGemmBatches), as the kernel is called.
absl::StatusOr<rt::GemmShape> ShapeOf(const ir::Node& node, bool fold = true) {
  rt::GemmShape s{};
  s.m = node.GetIntOr("m", 0);
  s.k = node.GetIntOr("k", 0);
  s.n = node.GetIntOr("n", 0);
  if (s.m < 1 || s.k < 1 || s.n < 1) return node.Error("needs m, k, n >= 1");
  const std::vector<int64_t> dims = node.GetIntListOr("batch_dims", {});
  const std::vector<int64_t> sa = node.GetIntListOr("a_batch_strides", {});
  const std::vector<int64_t> sb = node.GetIntListOr("b_batch_strides", {});
  if (dims.size() > static_cast<size_t>(rt::kMaxBatchRank) || sa.size() != dims.size() ||
      sb.size() != dims.size())
    return node.Error(absl::StrCat("needs at most ", rt::kMaxBatchRank,
                                   " batch dimensions with a stride each for A and B"));
  s.rank = static_cast<int64_t>(dims.size());
  for (int64_t i = 0; i < s.rank; ++i) {
    if (dims[i] < 1 || sa[i] < 0 || sb[i] < 0)
      return node.Error("batch dimensions must be positive and strides not negative");
    s.dims[i] = dims[i];
    s.a_strides[i] = sa[i];
    s.b_strides[i] = sb[i];
  }
  const std::vector<int64_t> blocking = node.GetIntListOr("blocking", {});
  if (blocking.size() != 2 || blocking[0] < 1 || blocking[1] < 1)
    return node.Error("blocking must be [kc >= 1, mc >= 1]");
  if (fold) rt::FoldGemmBatches(&s, node.GetBoolOr("transpose_a", false));
  s.kc = blocking[0];
  s.mc = blocking[1];
  return s;
}

// Matrices an operand must hold: one past the largest batch index.
int64_t MatrixCount(const rt::GemmShape& s, const int64_t* strides) {
  int64_t count = 1;
  for (int64_t i = 0; i < s.rank; ++i) count += (s.dims[i] - 1) * strides[i];
  return count;
}

absl::Status InferGemm(ir::Node& node) {
  const bool bias = node.GetBoolOr("has_bias", false);
  const bool residual = node.GetBoolOr("has_residual", false);
  if (node.num_inputs() != 2 + bias + residual)
    return node.Error("expects inputs a, packed b[, bias][, residual] as has_bias and "
                      "has_residual say");
  for (int i = 0; i < node.num_inputs(); ++i)
    if (node.input_value(i).dtype != ir::DType::kFloat)
      return node.Error(absl::StrCat("input ", i, " must be float32"));
  const int64_t act = node.GetIntOr("activation", 0);
  if (act < 0 || act > 2) return node.Error("activation must be 0, 1 or 2");
  auto s = ShapeOf(node, /*fold=*/false);
  if (!s.ok()) return s.status();
  const int64_t m = s->m, k = s->k, n = s->n;
  ir::Shape out(s->dims, s->dims + s->rank);
  out.push_back(m);
  out.push_back(n);
  const int64_t a_count = MatrixCount(*s, s->a_strides);
  const int64_t b_count = MatrixCount(*s, s->b_strides);
  if (ir::NumElements(node.input_value(0).shape) != a_count * m * k)
    return node.Error(absl::StrCat("a needs ", a_count * m * k, " elements"));
  if (ir::NumElements(node.input_value(1).shape) != b_count * rt::PackedGemmSize(k, n))
    return node.Error(absl::StrCat("packed b needs ", b_count * rt::PackedGemmSize(k, n),
                                   " elements"));
  if (bias && ir::NumElements(node.input_value(2).shape) != n)
    return node.Error(absl::StrCat("bias needs ", n, " elements"));
  if (residual && node.input_value(2 + bias).shape != out)
    return node.Error(absl::StrCat("residual must be ", ir::ShapeToString(out)));
  node.SetOutput(0, ir::DType::kFloat, out);
  return absl::OkStatus();
}

absl::Status EvalGemm(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  const bool has_bias = node.GetBoolOr("has_bias", false);
  const float* bias = has_bias ? in[2]->data<float>() : nullptr;
  const float* res =
      node.GetBoolOr("has_residual", false) ? in[2 + has_bias]->data<float>() : nullptr;
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  const int act = static_cast<int>(node.GetIntOr("activation", 0));
  const float *a = in[0]->data<float>(), *b = in[1]->data<float>();
  float* c = out[0].data<float>();
  if (node.GetBoolOr("transpose_a", false))
    rt::FastGemm<true>(a, b, bias, res, c, *s, act, nullptr);
  else
    rt::FastGemm<false>(a, b, bias, res, c, *s, act, nullptr);
  return absl::OkStatus();
}

std::string List(const int64_t* v, int64_t n) {
  return absl::StrCat("{", absl::StrJoin(std::vector<int64_t>(v, v + n), ", "), "}");
}

absl::Status EmitGemm(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  const bool has_bias = node.GetBoolOr("has_bias", false);
  const std::string bias = has_bias ? ctx.inputs[2] : "nullptr";
  const std::string res =
      node.GetBoolOr("has_residual", false) ? ctx.inputs[2 + has_bias] : "nullptr";
  // {m, k, n, kc, mc, rank, dims, a_strides, b_strides}
  const std::string shape = absl::StrCat(
      "tfaot::rt::GemmShape{", s->m, ", ", s->k, ", ", s->n, ", ", s->kc, ", ", s->mc, ", ",
      s->rank, ", ", List(s->dims, s->rank), ", ", List(s->a_strides, s->rank), ", ",
      List(s->b_strides, s->rank), "}");
  static const char* const kActivations[] = {"tfaot::rt::kConvActNone", "tfaot::rt::kConvActRelu",
                                             "tfaot::rt::kConvActRelu6"};
  ctx.out->Line(absl::StrCat("tfaot::rt::FastGemm<",
                             node.GetBoolOr("transpose_a", false) ? "true" : "false", ">(",
                             ctx.inputs[0], ", ", ctx.inputs[1], ", ", bias, ", ", res, ", ",
                             ctx.outputs[0], ", ", shape, ", ",
                             kActivations[node.GetIntOr("activation", 0)], ", ", ctx.pool,
                             ");"));
  return absl::OkStatus();
}

// TfaotPackPanels: every [k][n] (or [n][k]) matrix of b, packed.
absl::StatusOr<int64_t> PackCount(const ir::Node& node) {
  const int64_t k = node.GetIntOr("k", 0), n = node.GetIntOr("n", 0);
  if (node.num_inputs() != 1 || node.input_value(0).dtype != ir::DType::kFloat)
    return node.Error("expects one float32 input");
  const int64_t elements = ir::NumElements(node.input_value(0).shape);
  if (k < 1 || n < 1 || elements % (k * n) != 0)
    return node.Error(absl::StrCat("input must hold [k=", k, "][n=", n, "] matrices"));
  return elements / (k * n);
}

absl::Status InferPack(ir::Node& node) {
  auto count = PackCount(node);
  if (!count.ok()) return count.status();
  node.SetOutput(0, ir::DType::kFloat,
                 {*count * rt::PackedGemmSize(node.GetIntOr("k", 0), node.GetIntOr("n", 0))});
  return absl::OkStatus();
}

absl::Status EvalPack(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  auto count = PackCount(node);
  if (!count.ok()) return count.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  rt::PackGemmPanels(in[0]->data<float>(), *count, node.GetIntOr("k", 0), node.GetIntOr("n", 0),
                     node.GetBoolOr("transpose_b", false), out[0].data<float>());
  return absl::OkStatus();
}

absl::Status EmitPack(const ir::Node& node, codegen::KernelContext& ctx) {
  auto count = PackCount(node);
  if (!count.ok()) return count.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::PackGemmPanels(", ctx.inputs[0], ", ", *count, ", ",
                             node.GetIntOr("k", 0), ", ", node.GetIntOr("n", 0), ", ",
                             node.GetBoolOr("transpose_b", false) ? "true" : "false", ", ",
                             ctx.outputs[0], ", ", ctx.pool, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTfaotGemm = {"TfaotGemm", OpClass::kKernel, &InferGemm, &EvalGemm,
                                   &EmitGemm,   nullptr,          "runtime/fast_gemm.h"};
extern const OpDef kOpTfaotPackPanels = {"TfaotPackPanels", OpClass::kKernel, &InferPack,
                                         &EvalPack,         &EmitPack,        nullptr,
                                         "runtime/fast_gemm.h"};

}  // namespace tfaot::ops
