#include "compiler/ops/movement/copy_plan.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/strided_copy.h"

namespace tfaot::ops {
namespace {

// Ranks the evaluator instantiates; simplified copies rarely exceed 6.
constexpr size_t kMaxRank = 16;

template <typename T, size_t R>
void RunBox(const BoxCopy& c, const T* src, T* dst) {
  rt::Dims<R> shape{}, is{}, os{};
  for (size_t d = 0; d < R; ++d) {
    shape[d] = c.shape[d];
    is[d] = c.in_strides[d];
    os[d] = c.out_strides[d];
  }
  rt::CopyStrided<T, R>(src + c.in_offset, dst + c.out_offset, shape, is, os);
}

template <typename T, size_t... R>
bool DispatchRank(std::index_sequence<R...>, const BoxCopy& c, const T* src, T* dst) {
  return ((c.shape.size() == R ? (RunBox<T, R>(c, src, dst), true) : false) || ...);
}

std::string WithOffset(const std::string& ptr, int64_t offset) {
  return offset == 0 ? ptr : absl::StrCat(ptr, " + ", offset);
}

}  // namespace

BoxCopy DenseBoxCopy(const ir::Shape& in_shape, const std::vector<int64_t>& begin,
                     const std::vector<int64_t>& step, const ir::Shape& shape) {
  BoxCopy c;
  c.shape = shape;
  std::vector<int64_t> in_strides = ir::RowMajorStrides(in_shape);
  c.out_strides = ir::RowMajorStrides(shape);
  for (size_t d = 0; d < shape.size(); ++d) {
    c.in_offset += begin[d] * in_strides[d];
    c.in_strides.push_back(step[d] * in_strides[d]);
  }
  return c;
}

void Simplify(BoxCopy& c) {
  BoxCopy s = c;
  s.shape.clear();
  s.in_strides.clear();
  s.out_strides.clear();
  for (size_t d = 0; d < c.shape.size(); ++d) {
    if (c.shape[d] == 1) continue;
    if (!s.shape.empty() && s.in_strides.back() == c.in_strides[d] * c.shape[d] &&
        s.out_strides.back() == c.out_strides[d] * c.shape[d]) {
      s.shape.back() *= c.shape[d];
      s.in_strides.back() = c.in_strides[d];
      s.out_strides.back() = c.out_strides[d];
      continue;
    }
    s.shape.push_back(c.shape[d]);
    s.in_strides.push_back(c.in_strides[d]);
    s.out_strides.push_back(c.out_strides[d]);
  }
  c = std::move(s);
}

absl::Status RunCopyPlan(const ir::Node& node, const CopyPlan& plan,
                         const std::vector<const ir::Tensor*>& in,
                         std::vector<ir::Tensor>& out) {
  out.clear();
  for (const ir::Value& v : node.outputs()) out.emplace_back(v.dtype, v.shape);
  if (plan.fill == CopyPlan::Fill::kInput && !out.empty()) {
    const ir::Tensor& value = *in[plan.fill_input];
    int64_t elem = ir::DTypeSize(value.dtype());
    for (int64_t i = 0; i < out[0].num_elements(); ++i)
      std::memcpy(out[0].raw() + i * elem, value.raw(), elem);
  }
  for (BoxCopy c : plan.copies) {
    if (ir::NumElements(c.shape) == 0) continue;
    Simplify(c);
    if (c.shape.size() > kMaxRank) return node.Error("copy of too high a rank");
    ir::Tensor& dst = out[c.output];
    const ir::Tensor& src = c.input == BoxCopy::kFromOutput ? out[c.output] : *in[c.input];
    bool known = VisitBySize(dst.dtype(), [&](auto zero) {
      using T = decltype(zero);
      DispatchRank<T>(std::make_index_sequence<kMaxRank + 1>(), c, src.data<T>(), dst.data<T>());
    });
    if (!known) return node.Error("cannot move elements of dtype " + ir::DTypeName(dst.dtype()));
  }
  return absl::OkStatus();
}

// A dense copy whose source and destination are the same arena bytes: the
// memory plan made the output a slice of the input (OpDef::slice_view).
static bool OntoItself(const ir::Node& node, const BoxCopy& c) {
  if (c.input == BoxCopy::kFromOutput || c.shape.size() != 1 || c.in_strides[0] != 1 ||
      c.out_strides[0] != 1)
    return false;
  const ir::Value& in = node.input_value(c.input);
  const ir::Value& out = node.output(c.output);
  if (in.constant || out.constant || in.arena_offset < 0 || out.arena_offset < 0) return false;
  const int64_t size = ir::DTypeSize(out.dtype);
  return in.arena_offset + c.in_offset * size == out.arena_offset + c.out_offset * size;
}

absl::Status PrintCopyPlan(const ir::Node& node, const CopyPlan& plan,
                           codegen::KernelContext& ctx) {
  if (plan.fill != CopyPlan::Fill::kNone && node.num_outputs() > 0) {
    std::string type = ir::DTypeCppName(node.output(0).dtype);
    std::string value = plan.fill == CopyPlan::Fill::kZero
                            ? type + "{}"
                            : absl::StrCat(ctx.inputs[plan.fill_input], "[0]");
    ctx.out->Line(absl::StrCat("tfaot::rt::Fill<", type, ">(", ctx.outputs[0], ", ",
                               ir::NumElements(node.output(0).shape), ", ", value, ");"));
  }
  for (BoxCopy c : plan.copies) {
    if (ir::NumElements(c.shape) == 0) continue;
    Simplify(c);
    if (OntoItself(node, c)) {
      ctx.out->Line(absl::StrCat("// output ", c.output, " is already in place (a slice of input ",
                                 c.input, "'s buffer)"));
      continue;
    }
    std::string type = ir::DTypeCppName(node.output(c.output).dtype);
    std::string src = c.input == BoxCopy::kFromOutput ? ctx.outputs[c.output] : ctx.inputs[c.input];
    ctx.out->Line(absl::StrCat("tfaot::rt::CopyStrided<", type, ", ", c.shape.size(), ">(",
                               WithOffset(src, c.in_offset), ", ",
                               WithOffset(ctx.outputs[c.output], c.out_offset), ", {",
                               absl::StrJoin(c.shape, ", "), "}, {",
                               absl::StrJoin(c.in_strides, ", "), "}, {",
                               absl::StrJoin(c.out_strides, ", "), "});"));
  }
  return absl::OkStatus();
}

}  // namespace tfaot::ops
