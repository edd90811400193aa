// TensorFlow's fused recurrent cells: LSTMBlockCell, BlockLSTM (the cell
// over time) and GRUBlockCell; kernels in runtime/rnn_cells.h. Inputs and
// outputs follow tensorflow/core/ops/rnn_ops.cc (LSTM outputs i, cs, f, o,
// ci, co, h; GRU outputs r, u, c, h).
#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/rnn_cells.h"

namespace tfaot::ops {
namespace {

struct RnnDims {
  int64_t time = 1, batch, input, cell;
};

absl::Status ExpectShape(const ir::Node& node, int input, const char* what,
                         const ir::Shape& want) {
  const ir::Shape& got = node.input_value(input).shape;
  if (got != want)
    return node.Error(absl::StrCat(what, " (input ", input, ") must have shape ",
                                   ir::ShapeToString(want), ", got ", ir::ShapeToString(got)));
  return absl::OkStatus();
}

absl::Status ExpectFloatInputs(const ir::Node& node, int first, int last) {
  if (auto s = ExpectSameDType(node, first, last); !s.ok()) return s;
  return ExpectDType(node, first, kFloatTypes);
}

// LSTM inputs from `first`: x, cs_prev, h_prev, w, wci, wcf, wco, b, with x
// [batch, input] (cell) or [time, batch, input] (BlockLSTM).
absl::StatusOr<RnnDims> LstmDims(const ir::Node& node, int first, bool over_time) {
  if (auto s = ExpectInputs(node, first + 8); !s.ok()) return s;
  if (auto s = ExpectFloatInputs(node, first, first + 8); !s.ok()) return s;
  const ir::Shape& x = node.input_value(first).shape;
  const ir::Shape& cs = node.input_value(first + 1).shape;
  const size_t rank = over_time ? 3 : 2;
  if (x.size() != rank) return node.Error(absl::StrCat("x must have rank ", rank));
  if (cs.size() != 2) return node.Error("cs_prev must be a matrix [batch, cell]");
  RnnDims d;
  if (over_time) d.time = x[0];
  d.batch = x[rank - 2];
  d.input = x[rank - 1];
  d.cell = cs[1];
  const ir::Shape state{d.batch, d.cell}, vec{d.cell};
  if (auto s = ExpectShape(node, first + 1, "cs_prev", state); !s.ok()) return s;
  if (auto s = ExpectShape(node, first + 2, "h_prev", state); !s.ok()) return s;
  if (auto s = ExpectShape(node, first + 3, "w", {d.input + d.cell, 4 * d.cell}); !s.ok())
    return s;
  if (auto s = ExpectShape(node, first + 4, "wci", vec); !s.ok()) return s;
  if (auto s = ExpectShape(node, first + 5, "wcf", vec); !s.ok()) return s;
  if (auto s = ExpectShape(node, first + 6, "wco", vec); !s.ok()) return s;
  if (auto s = ExpectShape(node, first + 7, "b", {4 * d.cell}); !s.ok()) return s;
  return d;
}

absl::Status InferLstm(ir::Node& node, int first, bool over_time) {
  auto d = LstmDims(node, first, over_time);
  if (!d.ok()) return d.status();
  const ir::DType t = node.input_value(first).dtype;
  const ir::Shape out =
      over_time ? ir::Shape{d->time, d->batch, d->cell} : ir::Shape{d->batch, d->cell};
  for (int k = 0; k < 7; ++k) node.SetOutput(k, t, out);
  return absl::OkStatus();
}

absl::Status InferLSTMBlockCell(ir::Node& node) { return InferLstm(node, 0, false); }

absl::Status InferBlockLSTM(ir::Node& node) {
  if (node.num_inputs() > 0 && node.input_value(0).dtype != ir::DType::kInt64)
    return node.Error("seq_len_max must be int64");
  if (node.num_inputs() > 0 && !node.input_value(0).shape.empty())
    return node.Error("seq_len_max must be a scalar");
  return InferLstm(node, 1, true);
}

absl::Status EvalLstm(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out, bool over_time) {
  const int first = over_time ? 1 : 0;
  auto d = LstmDims(node, first, over_time);
  if (!d.ok()) return d.status();
  out.clear();
  for (int k = 0; k < 7; ++k) out.emplace_back(node.output(k).dtype, node.output(k).shape);
  const float forget_bias = node.GetFloatOr("forget_bias", 1.0f);
  const float cell_clip = node.GetFloatOr("cell_clip", 3.0f);
  const bool peephole = node.GetBoolOr("use_peephole", false);
  bool handled = false;
  ir::VisitDType(in[first]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      handled = true;
      const T* a[8];
      for (int k = 0; k < 8; ++k) a[k] = in[first + k]->data<T>();
      T* o[7];
      for (int k = 0; k < 7; ++k) o[k] = out[k].data<T>();
      if (over_time)
        rt::BlockLSTM<T>(in[0]->data<int64_t>()[0], a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                         a[7], o[0], o[1], o[2], o[3], o[4], o[5], o[6], d->time, d->batch,
                         d->input, d->cell, static_cast<T>(forget_bias),
                         static_cast<T>(cell_clip), peephole);
      else
        rt::LSTMBlockCell<T>(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], o[0], o[1], o[2],
                             o[3], o[4], o[5], o[6], d->batch, d->input, d->cell,
                             static_cast<T>(forget_bias), static_cast<T>(cell_clip),
                             peephole);
    }
  });
  if (!handled) return node.Error("cannot evaluate this dtype");
  return absl::OkStatus();
}

absl::Status EvalLSTMBlockCell(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                               std::vector<ir::Tensor>& out) {
  return EvalLstm(node, in, out, false);
}

absl::Status EvalBlockLSTM(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                           std::vector<ir::Tensor>& out) {
  return EvalLstm(node, in, out, true);
}

absl::Status EmitLstm(const ir::Node& node, codegen::KernelContext& ctx, bool over_time) {
  const int first = over_time ? 1 : 0;
  auto d = LstmDims(node, first, over_time);
  if (!d.ok()) return d.status();
  const std::string t = ir::DTypeCppName(node.input_value(first).dtype);
  // BlockLSTM reads seq_len_max at run time, so it need not be a constant.
  std::string call =
      over_time ? absl::StrCat("tfaot::rt::BlockLSTM<", t, ">(static_cast<int64_t>((",
                               ctx.inputs[0], ")[0]), ")
                : absl::StrCat("tfaot::rt::LSTMBlockCell<", t, ">(");
  for (int k = 0; k < 8; ++k) absl::StrAppend(&call, ctx.inputs[first + k], ", ");
  for (int k = 0; k < 7; ++k) absl::StrAppend(&call, ctx.outputs[k], ", ");
  if (over_time) absl::StrAppend(&call, d->time, ", ");
  absl::StrAppend(&call, d->batch, ", ", d->input, ", ", d->cell, ", static_cast<", t, ">(",
                  codegen::FloatLiteral(node.GetFloatOr("forget_bias", 1.0f)), "), static_cast<",
                  t, ">(", codegen::FloatLiteral(node.GetFloatOr("cell_clip", 3.0f)), "), ",
                  node.GetBoolOr("use_peephole", false) ? "true" : "false", ");");
  ctx.out->Line(call);
  return absl::OkStatus();
}

absl::Status EmitLSTMBlockCell(const ir::Node& node, codegen::KernelContext& ctx) {
  return EmitLstm(node, ctx, false);
}

absl::Status EmitBlockLSTM(const ir::Node& node, codegen::KernelContext& ctx) {
  return EmitLstm(node, ctx, true);
}

// ---- GRUBlockCell(x, h_prev, w_ru, w_c, b_ru, b_c) -> r, u, c, h ----
absl::StatusOr<RnnDims> GruDims(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 6); !s.ok()) return s;
  if (auto s = ExpectFloatInputs(node, 0, 6); !s.ok()) return s;
  const ir::Shape& x = node.input_value(0).shape;
  const ir::Shape& h = node.input_value(1).shape;
  if (x.size() != 2) return node.Error("x must be a matrix [batch, input]");
  if (h.size() != 2) return node.Error("h_prev must be a matrix [batch, cell]");
  RnnDims d;
  d.batch = x[0];
  d.input = x[1];
  d.cell = h[1];
  if (auto s = ExpectShape(node, 1, "h_prev", {d.batch, d.cell}); !s.ok()) return s;
  if (auto s = ExpectShape(node, 2, "w_ru", {d.input + d.cell, 2 * d.cell}); !s.ok()) return s;
  if (auto s = ExpectShape(node, 3, "w_c", {d.input + d.cell, d.cell}); !s.ok()) return s;
  if (auto s = ExpectShape(node, 4, "b_ru", {2 * d.cell}); !s.ok()) return s;
  if (auto s = ExpectShape(node, 5, "b_c", {d.cell}); !s.ok()) return s;
  return d;
}

absl::Status InferGRUBlockCell(ir::Node& node) {
  auto d = GruDims(node);
  if (!d.ok()) return d.status();
  for (int k = 0; k < 4; ++k) node.SetOutput(k, node.input_value(0).dtype, {d->batch, d->cell});
  return absl::OkStatus();
}

absl::Status EvalGRUBlockCell(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                              std::vector<ir::Tensor>& out) {
  auto d = GruDims(node);
  if (!d.ok()) return d.status();
  out.clear();
  for (int k = 0; k < 4; ++k) out.emplace_back(node.output(k).dtype, node.output(k).shape);
  bool handled = false;
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      handled = true;
      rt::GRUBlockCell<T>(in[0]->data<T>(), in[1]->data<T>(), in[2]->data<T>(),
                          in[3]->data<T>(), in[4]->data<T>(), in[5]->data<T>(),
                          out[0].data<T>(), out[1].data<T>(), out[2].data<T>(),
                          out[3].data<T>(), d->batch, d->input, d->cell);
    }
  });
  if (!handled) return node.Error("cannot evaluate this dtype");
  return absl::OkStatus();
}

absl::Status EmitGRUBlockCell(const ir::Node& node, codegen::KernelContext& ctx) {
  auto d = GruDims(node);
  if (!d.ok()) return d.status();
  std::string call =
      absl::StrCat("tfaot::rt::GRUBlockCell<", ir::DTypeCppName(node.input_value(0).dtype), ">(");
  for (int k = 0; k < 6; ++k) absl::StrAppend(&call, ctx.inputs[k], ", ");
  for (int k = 0; k < 4; ++k) absl::StrAppend(&call, ctx.outputs[k], ", ");
  absl::StrAppend(&call, d->batch, ", ", d->input, ", ", d->cell, ");");
  ctx.out->Line(call);
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpLSTMBlockCell = {"LSTMBlockCell",    OpClass::kKernel,
                                       &InferLSTMBlockCell, &EvalLSTMBlockCell,
                                       &EmitLSTMBlockCell, nullptr,
                                       "runtime/rnn_cells.h"};
extern const OpDef kOpBlockLSTM = {"BlockLSTM",    OpClass::kKernel, &InferBlockLSTM,
                                   &EvalBlockLSTM, &EmitBlockLSTM,   nullptr,
                                   "runtime/rnn_cells.h"};
extern const OpDef kOpGRUBlockCell = {"GRUBlockCell",    OpClass::kKernel,
                                      &InferGRUBlockCell, &EvalGRUBlockCell,
                                      &EmitGRUBlockCell, nullptr,
                                      "runtime/rnn_cells.h"};

}  // namespace tfaot::ops
