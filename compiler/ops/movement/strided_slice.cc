// StridedSlice with TensorFlow's full index semantics (ValidateStridedSliceOp
// in tensorflow/core/util/strided_slice_op.cc): the sparse spec
// (begin/end/strides with begin_mask, end_mask, ellipsis_mask,
// new_axis_mask, shrink_axis_mask) is expanded to one (begin, stride, size)
// per input dimension, then the slice is one strided copy; new and shrunk
// axes only change the output shape.
//
// A begin known only at run time is supported where the output shape does
// not depend on it: every index the spec gives shrinks its axis (x[i],
// x[i, j], as python writes indexing by a loop counter), so the slice is one
// contiguous block at a run-time offset. An index outside the input gives
// zeros: compiled code cannot report it (TensorFlow fails the step).
#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

struct SliceSpec {
  std::vector<int64_t> begin, stride;  // per input dimension
  ir::Shape box;                       // per input dimension
  ir::Shape out;                       // final shape
};

absl::StatusOr<SliceSpec> Resolve(const ir::Node& node) {
  std::vector<std::vector<int64_t>> sparse(3);
  const char* names[] = {"begin", "end", "strides"};
  for (int i = 0; i < 3; ++i) {
    auto t = RequireConstantInput(node, i + 1, names[i]);
    if (!t.ok()) return t.status();
    if ((*t)->shape().size() != 1) return node.Error(absl::StrCat(names[i], " must be 1-D"));
    sparse[i] = (*t)->ToInt64Vector();
  }
  if (sparse[1].size() != sparse[0].size() || sparse[2].size() != sparse[0].size())
    return node.Error("begin, end and strides must have the same length");
  int64_t begin_mask = node.GetIntOr("begin_mask", 0), end_mask = node.GetIntOr("end_mask", 0);
  int64_t ellipsis_mask = node.GetIntOr("ellipsis_mask", 0);
  int64_t new_axis_mask = node.GetIntOr("new_axis_mask", 0);
  int64_t shrink_mask = node.GetIntOr("shrink_axis_mask", 0);
  int sparse_dims = static_cast<int>(sparse[0].size());
  if (ellipsis_mask & (ellipsis_mask - 1)) return node.Error("more than one ellipsis");
  if (ellipsis_mask == 0) {  // an implicit ellipsis at the end
    ellipsis_mask = int64_t{1} << sparse_dims;
    ++sparse_dims;
  }
  const ir::Shape& in = node.input_value(0).shape;
  const int dims = static_cast<int>(in.size());
  int add_after_ellipsis = 0;
  bool after = false;
  for (int i = 0; i < sparse_dims; ++i) {
    if (after && ((new_axis_mask >> i) & 1)) ++add_after_ellipsis;
    if ((ellipsis_mask >> i) & 1) after = true;
  }
  // Dense spec, and for each final dimension its dense dimension (or -1: a
  // new axis; shrunk dimensions are left out).
  std::vector<int64_t> begin(dims, 0), end(dims, 0), stride(dims, 1);
  std::vector<bool> bmask(dims, false), emask(dims, false), shrink(dims, false);
  std::vector<int> gather;
  int full = 0;
  for (int i = 0; i < sparse_dims; ++i) {
    if ((ellipsis_mask >> i) & 1) {
      int next = std::min(dims - (sparse_dims - i) + 1 + add_after_ellipsis, dims);
      for (; full < next; ++full) {
        bmask[full] = emask[full] = true;
        gather.push_back(full);
      }
    } else if ((new_axis_mask >> i) & 1) {
      gather.push_back(-1);
    } else {
      if (full == dims)
        return node.Error(absl::StrCat("index ", i, " is out of range for a rank-", dims,
                                       " input"));
      begin[full] = sparse[0][i];
      end[full] = sparse[1][i];
      stride[full] = sparse[2][i];
      bmask[full] = (begin_mask >> i) & 1;
      emask[full] = (end_mask >> i) & 1;
      shrink[full] = (shrink_mask >> i) & 1;
      if (!shrink[full]) gather.push_back(full);
      ++full;
    }
  }
  SliceSpec spec;
  for (int d = 0; d < dims; ++d) {
    const int64_t n = in[d], s = stride[d];
    if (s == 0) return node.Error(absl::StrCat("stride of dimension ", d, " is 0"));
    int64_t b, e;
    if (shrink[d]) {
      b = begin[d] < 0 ? begin[d] + n : begin[d];
      if (b < 0 || b >= n)
        return node.Error(absl::StrCat("index ", begin[d], " is out of bounds for dimension ",
                                       d, " of size ", n));
      spec.begin.push_back(b);
      spec.stride.push_back(1);
      spec.box.push_back(1);
      continue;
    }
    const int64_t lo = s > 0 ? 0 : -1, hi = s > 0 ? n : n - 1;
    auto canonical = [&](int64_t x, bool masked, bool is_end) {
      if (masked) return (s > 0) != is_end ? lo : hi;
      int64_t fwd = x < 0 ? x + n : x;
      return std::clamp(fwd, lo, hi);
    };
    b = canonical(begin[d], bmask[d], false);
    e = canonical(end[d], emask[d], true);
    int64_t len = e - b, size = 0;
    if (len != 0 && (len < 0) == (s < 0)) size = len / s + (len % s != 0 ? 1 : 0);
    spec.begin.push_back(size == 0 ? 0 : b);
    spec.stride.push_back(s);
    spec.box.push_back(size);
  }
  for (int g : gather) spec.out.push_back(g < 0 ? 1 : spec.box[g]);
  return spec;
}

// The number of leading axes a run-time begin indexes, when every index of
// the spec shrinks its axis with stride 1 (and nothing else is asked for).
absl::StatusOr<int> RunTimeIndexedAxes(const ir::Node& node) {
  const ir::Tensor* strides = node.input_constant(3);
  const int64_t k = node.input_value(1).shape.empty() ? 0 : node.input_value(1).shape[0];
  const int64_t all = (int64_t{1} << k) - 1;
  const bool shrink_only = node.input_value(1).shape.size() == 1 && strides &&
                           strides->num_elements() == k &&
                           (node.GetIntOr("shrink_axis_mask", 0) & all) == all &&
                           node.GetIntOr("ellipsis_mask", 0) == 0 &&
                           node.GetIntOr("new_axis_mask", 0) == 0 &&
                           k <= static_cast<int64_t>(node.input_value(0).shape.size());
  for (int64_t i = 0; shrink_only && i < k; ++i)
    if (strides->AsInt64(i) != 1) return RequireConstantInput(node, 1, "begin").status();
  if (!shrink_only) return RequireConstantInput(node, 1, "begin").status();
  return static_cast<int>(k);
}

absl::Status InferStridedSlice(ir::Node& node) {
  if (auto s = ExpectInputs(node, 4); !s.ok()) return s;
  if (!node.input_constant(1)) {
    auto k = RunTimeIndexedAxes(node);
    if (!k.ok()) return k.status();
    const ir::Shape& in = node.input_value(0).shape;
    node.SetOutput(0, node.input_value(0).dtype, ir::Shape(in.begin() + *k, in.end()));
    return absl::OkStatus();
  }
  auto spec = Resolve(node);
  if (!spec.ok()) return spec.status();
  node.SetOutput(0, node.input_value(0).dtype, spec->out);
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanStridedSlice(const ir::Node& node) {
  auto spec = Resolve(node);
  if (!spec.ok()) return spec.status();
  CopyPlan plan;
  plan.copies.push_back(
      DenseBoxCopy(node.input_value(0).shape, spec->begin, spec->stride, spec->box));
  return plan;
}

// The element offset of the block a run-time begin selects, or -1 outside.
int64_t BlockOffset(const ir::Shape& in, const std::vector<int64_t>& begin) {
  int64_t offset = 0;
  for (size_t d = 0; d < begin.size(); ++d) {
    const int64_t i = begin[d] < 0 ? begin[d] + in[d] : begin[d];
    if (i < 0 || i >= in[d]) return -1;
    offset = offset * in[d] + i;
  }
  for (size_t d = begin.size(); d < in.size(); ++d) offset *= in[d];
  return offset;
}

absl::Status EvalStridedSlice(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                              std::vector<ir::Tensor>& out) {
  if (node.input_constant(1)) return EvalCopyPlan<&PlanStridedSlice>(node, in, out);
  // A run-time begin (the region interpreter knows its value).
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  const int64_t offset = BlockOffset(in[0]->shape(), in[1]->ToInt64Vector());
  if (offset >= 0)
    std::memcpy(out[0].raw(), in[0]->raw() + offset * ir::DTypeSize(in[0]->dtype()),
                out[0].byte_size());
  return absl::OkStatus();
}

absl::Status EmitStridedSlice(const ir::Node& node, codegen::KernelContext& ctx) {
  if (node.input_constant(1)) return EmitCopyPlan<&PlanStridedSlice>(node, ctx);
  const ir::Shape& in = node.input_value(0).shape;
  const int64_t k = node.input_value(1).shape[0];
  const ir::Value& out = node.output(0);
  const int64_t bytes = ir::NumElements(out.shape) * ir::DTypeSize(out.dtype);
  int64_t block = 1;
  for (size_t d = k; d < in.size(); ++d) block *= in[d];
  ctx.out->Open("{");
  ctx.out->Line("int64_t offset = 0;");
  ctx.out->Line("bool inside = true;");
  for (int64_t d = 0; d < k; ++d) {
    ctx.out->Line(absl::StrCat("int64_t i", d, " = static_cast<int64_t>(", ctx.inputs[1], "[", d,
                               "]);"));
    ctx.out->Line(absl::StrCat("if (i", d, " < 0) i", d, " += ", in[d], ";"));
    ctx.out->Line(absl::StrCat("inside = inside && i", d, " >= 0 && i", d, " < ", in[d], ";"));
    ctx.out->Line(absl::StrCat("offset = offset * ", in[d], " + i", d, ";"));
  }
  ctx.out->Line(absl::StrCat("if (inside) std::memcpy(", ctx.outputs[0], ", ", ctx.inputs[0],
                             " + offset * ", block, ", ", bytes, ");"));
  ctx.out->Line(absl::StrCat("else std::memset(", ctx.outputs[0], ", 0, ", bytes, ");"));
  ctx.out->Close();
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpStridedSlice = {"StridedSlice",      OpClass::kKernel, &InferStridedSlice,
                                      &EvalStridedSlice,   &EmitStridedSlice, nullptr,
                                      "runtime/strided_copy.h"};

}  // namespace tfaot::ops
