// Roll (constant shift and axis: two strided copies per rolled axis, one for
// each side of the wrap) and ReverseSequence (per-batch lengths, which may
// be run-time values; runtime/masked_copy.h).
#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/masked_copy.h"

namespace tfaot::ops {
namespace {

// The net shift of every axis, in [0, size).
absl::StatusOr<std::vector<int64_t>> RollShifts(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  auto shift = RequireConstantInput(node, 1, "shift");
  if (!shift.ok()) return shift.status();
  auto axis = RequireConstantInput(node, 2, "axis");
  if (!axis.ok()) return axis.status();
  std::vector<int64_t> shifts = (*shift)->ToInt64Vector(), axes = (*axis)->ToInt64Vector();
  if (shifts.size() != axes.size())
    return node.Error("shift and axis must have the same number of entries");
  const ir::Shape& in = node.input_value(0).shape;
  std::vector<int64_t> net(in.size(), 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    auto a = NormalizeAxis(node, axes[i], static_cast<int64_t>(in.size()));
    if (!a.ok()) return a.status();
    net[*a] += shifts[i];
  }
  for (size_t d = 0; d < in.size(); ++d)
    net[d] = in[d] == 0 ? 0 : ((net[d] % in[d]) + in[d]) % in[d];
  return net;
}

absl::Status InferRoll(ir::Node& node) {
  if (auto s = RollShifts(node); !s.ok()) return s.status();
  return InferSameAsInput(node);
}

absl::StatusOr<CopyPlan> PlanRoll(const ir::Node& node) {
  auto net = RollShifts(node);
  if (!net.ok()) return net.status();
  const ir::Shape& in = node.input_value(0).shape;
  std::vector<int64_t> strides = ir::RowMajorStrides(in);
  // Each copy takes, per axis, either the whole extent (no shift), or the
  // part [0, n - s) -> [s, n), or the part [n - s, n) -> [0, s).
  std::vector<BoxCopy> copies(1);
  copies[0].shape = in;
  copies[0].in_strides = copies[0].out_strides = strides;
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t s = (*net)[d];
    if (s == 0) continue;
    std::vector<BoxCopy> next;
    for (const BoxCopy& c : copies) {
      BoxCopy head = c, tail = c;
      head.shape[d] = in[d] - s;
      head.out_offset += s * strides[d];
      tail.shape[d] = s;
      tail.in_offset += (in[d] - s) * strides[d];
      next.push_back(head);
      next.push_back(tail);
    }
    copies = std::move(next);
  }
  CopyPlan plan;
  plan.copies = std::move(copies);
  return plan;
}

// ---- ReverseSequence ----
struct SeqDims {
  int64_t batch_stride, batch_size, seq_stride, seq_size;
};

absl::StatusOr<SeqDims> GetSeqDims(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  const ir::Shape& in = node.input_value(0).shape;
  int64_t rank = static_cast<int64_t>(in.size());
  auto seq = NormalizeAxis(node, node.GetIntOr("seq_dim", 0), rank);
  if (!seq.ok()) return seq.status();
  auto batch = NormalizeAxis(node, node.GetIntOr("batch_dim", 0), rank);
  if (!batch.ok()) return batch.status();
  if (*seq == *batch) return node.Error("seq_dim and batch_dim must differ");
  if (node.input_value(1).shape != ir::Shape{in[*batch]})
    return node.Error(absl::StrCat("seq_lengths must have shape [", in[*batch], "]"));
  std::vector<int64_t> strides = ir::RowMajorStrides(in);
  if (const ir::Tensor* lengths = node.input_constant(1))
    for (int64_t i = 0; i < lengths->num_elements(); ++i)
      if (lengths->AsInt64(i) < 0 || lengths->AsInt64(i) > in[*seq])
        return node.Error(absl::StrCat("seq_lengths[", i, "] = ", lengths->AsInt64(i),
                                       " is outside [0, ", in[*seq], "]"));
  return SeqDims{strides[*batch], in[*batch], strides[*seq], in[*seq]};
}

absl::Status InferReverseSequence(ir::Node& node) {
  if (auto d = GetSeqDims(node); !d.ok()) return d.status();
  return InferSameAsInput(node);
}

absl::Status EvalReverseSequence(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                                 std::vector<ir::Tensor>& out) {
  auto d = GetSeqDims(node);
  if (!d.ok()) return d.status();
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  std::vector<int64_t> lengths = in[1]->ToInt64Vector();
  VisitBySize(in[0]->dtype(), [&](auto t) {
    using T = decltype(t);
    rt::ReverseSequence(in[0]->data<T>(), lengths.data(), out[0].data<T>(),
                        in[0]->num_elements(), d->batch_stride, d->batch_size, d->seq_stride,
                        d->seq_size);
  });
  return absl::OkStatus();
}

absl::Status EmitReverseSequence(const ir::Node& node, codegen::KernelContext& ctx) {
  auto d = GetSeqDims(node);
  if (!d.ok()) return d.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::ReverseSequence(", ctx.inputs[0], ", ", ctx.inputs[1],
                             ", ", ctx.outputs[0], ", ", ir::NumElements(node.output(0).shape),
                             ", ", d->batch_stride, ", ", d->batch_size, ", ", d->seq_stride,
                             ", ", d->seq_size, ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpRoll = {"Roll",
                              OpClass::kKernel,
                              &InferRoll,
                              &EvalCopyPlan<&PlanRoll>,
                              &EmitCopyPlan<&PlanRoll>,
                              nullptr,
                              "runtime/strided_copy.h"};
extern const OpDef kOpReverseSequence = {
    "ReverseSequence",     OpClass::kKernel, &InferReverseSequence, &EvalReverseSequence,
    &EmitReverseSequence, nullptr,          "runtime/masked_copy.h"};

}  // namespace tfaot::ops
