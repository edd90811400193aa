// Segment reductions. SegmentSum/Mean/Prod/Max/Min(data, segment_ids): the
// ids are sorted and must be constants, since the last id sets the output
// size. UnsortedSegmentSum/Prod/Max/Min(data, segment_ids, num_segments):
// ids may be run-time values (shaped like a prefix of data's shape),
// num_segments must be a constant. Kernels in runtime/segment.h.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/segment.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kIndexTypes = DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64);

struct SegmentDims {
  int64_t n, inner, segments;
};

SegmentDims Dims(const ir::Node& node) {
  const int64_t rows = ir::NumElements(node.input_value(1).shape);
  const int64_t total = ir::NumElements(node.input_value(0).shape);
  const ir::Shape& out = node.output(0).shape;
  int64_t inner = 1;
  for (size_t d = 1; d < out.size(); ++d) inner *= out[d];
  (void)total;
  return {rows, inner, out[0]};
}

template <bool kSorted>
absl::Status InferSegment(ir::Node& node) {
  if (auto s = ExpectInputs(node, kSorted ? 2 : 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, kIndexTypes); !s.ok()) return s;
  const ir::Shape& data = node.input_value(0).shape;
  const ir::Shape& ids = node.input_value(1).shape;
  if (kSorted ? ids.size() != 1 : ids.size() > data.size())
    return node.Error(absl::StrCat("segment_ids ", ir::ShapeToString(ids), " must be ",
                                   kSorted ? "a vector" : "a prefix of data's shape ",
                                   kSorted ? "" : ir::ShapeToString(data)));
  for (size_t d = 0; d < ids.size(); ++d)
    if (d >= data.size() || ids[d] != data[d])
      return node.Error(absl::StrCat("segment_ids ", ir::ShapeToString(ids),
                                     " do not match data ", ir::ShapeToString(data)));
  int64_t segments;
  if (kSorted) {
    auto t = RequireConstantInput(node, 1, "segment_ids");
    if (!t.ok()) return t.status();
    std::vector<int64_t> v = (*t)->ToInt64Vector();
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i] < 0 || (i > 0 && v[i] < v[i - 1]))
        return node.Error("segment_ids must be sorted and non-negative");
    segments = v.empty() ? 0 : v.back() + 1;
  } else {
    auto t = RequireConstantInput(node, 2, "num_segments");
    if (!t.ok()) return t.status();
    if ((*t)->num_elements() != 1 || (*t)->AsInt64(0) < 0)
      return node.Error("num_segments must be a non-negative scalar");
    segments = (*t)->AsInt64(0);
  }
  ir::Shape out = {segments};
  out.insert(out.end(), data.begin() + ids.size(), data.end());
  node.SetOutput(0, node.input_value(0).dtype, out);
  return absl::OkStatus();
}

template <typename R, bool kSorted>
absl::Status EvalSegment(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out) {
  const SegmentDims d = Dims(node);
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      auto run = [&](const auto* ids) {
        if constexpr (kSorted)
          rt::SortedSegmentReduce<R>(in[0]->data<T>(), ids, out[0].data<T>(), d.n, d.inner,
                                     d.segments);
        else
          rt::UnsortedSegmentReduce<R>(in[0]->data<T>(), ids, out[0].data<T>(), d.n, d.inner,
                                       d.segments);
      };
      if (in[1]->dtype() == ir::DType::kInt32) run(in[1]->data<int32_t>());
      else run(in[1]->data<int64_t>());
    }
  });
  return absl::OkStatus();
}

template <typename Reducer, bool kSorted>
absl::Status EmitSegment(const ir::Node& node, codegen::KernelContext& ctx) {
  const SegmentDims d = Dims(node);
  ctx.out->Line(absl::StrCat("tfaot::rt::", kSorted ? "Sorted" : "Unsorted",
                             "SegmentReduce<tfaot::rt::", Reducer::kName, ">(", ctx.inputs[0], ", ",
                             ctx.inputs[1], ", ", ctx.outputs[0], ", ", d.n, ", ", d.inner, ", ",
                             d.segments, ");"));
  return absl::OkStatus();
}

}  // namespace

#define TFAOT_SEGMENT_OP(name, reducer, sorted)                                                \
  extern const OpDef kOp##name = {#name,                                                       \
                                  OpClass::kKernel,                                            \
                                  &InferSegment<sorted>,                                       \
                                  &EvalSegment<rt::reducer, sorted>,                           \
                                  &EmitSegment<rt::reducer, sorted>,                            \
                                  nullptr,                                                     \
                                  "runtime/segment.h"};
TFAOT_SEGMENT_OP(SegmentSum, SumReducer, true)
TFAOT_SEGMENT_OP(SegmentMean, MeanReducer, true)
TFAOT_SEGMENT_OP(SegmentProd, ProdReducer, true)
TFAOT_SEGMENT_OP(SegmentMax, MaxReducer, true)
TFAOT_SEGMENT_OP(SegmentMin, MinReducer, true)
TFAOT_SEGMENT_OP(UnsortedSegmentSum, SumReducer, false)
TFAOT_SEGMENT_OP(UnsortedSegmentProd, ProdReducer, false)
TFAOT_SEGMENT_OP(UnsortedSegmentMax, MaxReducer, false)
TFAOT_SEGMENT_OP(UnsortedSegmentMin, MinReducer, false)
#undef TFAOT_SEGMENT_OP

}  // namespace tfaot::ops
