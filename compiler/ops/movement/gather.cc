// Gather, GatherV2 (constant axis, batch_dims), GatherNd and OneHot: reads
// driven by index tensors (runtime/gather.h). Indices may be run-time
// values; constant indices are range-checked here, because compiled code
// cannot report a bad index (it reads zeros instead).
#include <array>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/gather.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kIndexTypes = DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64);

int64_t Product(const ir::Shape& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to; ++i) p *= s[i];
  return p;
}

// Calls fn(T{}, I{}) for the data (by element size) and the index dtype.
template <typename Fn>
void VisitDataAndIndex(ir::DType data, ir::DType index, Fn&& fn) {
  VisitBySize(data, [&](auto t) {
    if (index == ir::DType::kInt32) fn(t, int32_t{});
    else fn(t, int64_t{});
  });
}

absl::Status CheckConstantIndices(const ir::Node& node, int input, int64_t limit) {
  const ir::Tensor* t = node.input_constant(input);
  if (!t) return absl::OkStatus();
  for (int64_t i = 0; i < t->num_elements(); ++i)
    if (t->AsInt64(i) < 0 || t->AsInt64(i) >= limit)
      return node.Error(absl::StrCat("index ", t->AsInt64(i), " is out of range [0, ", limit,
                                     ")"));
  return absl::OkStatus();
}

// ---- Gather / GatherV2 ----
struct GatherDims {
  int64_t batch, outer, axis_size, inner, num_indices;
  ir::Shape out;
};

absl::StatusOr<GatherDims> GetGatherDims(const ir::Node& node) {
  const bool v2 = node.op() == "GatherV2";
  if (auto s = ExpectInputs(node, v2 ? 3 : 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, kIndexTypes); !s.ok()) return s;
  const ir::Shape& params = node.input_value(0).shape;
  const ir::Shape& indices = node.input_value(1).shape;
  int64_t rank = static_cast<int64_t>(params.size());
  int64_t axis = 0;
  if (v2) {
    auto t = RequireConstantInput(node, 2, "axis");
    if (!t.ok()) return t.status();
    if ((*t)->num_elements() != 1) return node.Error("axis must be a scalar");
    auto a = NormalizeAxis(node, (*t)->AsInt64(0), rank);
    if (!a.ok()) return a.status();
    axis = *a;
  }
  if (rank == 0) return node.Error("params must be at least 1-D");
  int64_t batch_dims = node.GetIntOr("batch_dims", 0);
  if (batch_dims < 0) batch_dims += static_cast<int64_t>(indices.size());
  if (batch_dims < 0 || batch_dims > axis || batch_dims > static_cast<int64_t>(indices.size()))
    return node.Error(absl::StrCat("batch_dims ", node.GetIntOr("batch_dims", 0),
                                   " is out of range for axis ", axis));
  for (int64_t i = 0; i < batch_dims; ++i)
    if (params[i] != indices[i])
      return node.Error(absl::StrCat("params ", ir::ShapeToString(params), " and indices ",
                                     ir::ShapeToString(indices),
                                     " differ in the batch dimensions"));
  GatherDims d;
  d.batch = Product(params, 0, batch_dims);
  d.outer = Product(params, batch_dims, axis);
  d.axis_size = params[axis];
  d.inner = Product(params, axis + 1, params.size());
  d.num_indices = Product(indices, batch_dims, indices.size());
  d.out.assign(params.begin(), params.begin() + axis);
  d.out.insert(d.out.end(), indices.begin() + batch_dims, indices.end());
  d.out.insert(d.out.end(), params.begin() + axis + 1, params.end());
  if (auto s = CheckConstantIndices(node, 1, d.axis_size); !s.ok()) return s;
  return d;
}

absl::Status InferGather(ir::Node& node) {
  auto d = GetGatherDims(node);
  if (!d.ok()) return d.status();
  node.SetOutput(0, node.input_value(0).dtype, d->out);
  return absl::OkStatus();
}

absl::Status EvalGather(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  auto d = GetGatherDims(node);
  if (!d.ok()) return d.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, d->out));
  VisitDataAndIndex(in[0]->dtype(), in[1]->dtype(), [&](auto t, auto i) {
    using T = decltype(t);
    using I = decltype(i);
    rt::Gather<T, I>(in[0]->data<T>(), in[1]->data<I>(), out[0].data<T>(), d->batch, d->outer,
                     d->axis_size, d->inner, d->num_indices);
  });
  return absl::OkStatus();
}

absl::Status EmitGather(const ir::Node& node, codegen::KernelContext& ctx) {
  auto d = GetGatherDims(node);
  if (!d.ok()) return d.status();
  ctx.out->Line(absl::StrCat("tfaot::rt::Gather(", ctx.inputs[0], ", ", ctx.inputs[1], ", ",
                             ctx.outputs[0], ", ", d->batch, ", ", d->outer, ", ", d->axis_size,
                             ", ", d->inner, ", ", d->num_indices, ");"));
  return absl::OkStatus();
}

// ---- GatherNd ----
constexpr size_t kMaxIndexDepth = 8;

absl::Status InferGatherNd(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, kIndexTypes); !s.ok()) return s;
  if (node.GetIntOr("batch_dims", 0) != 0) return node.Error("batch_dims != 0 is not supported");
  const ir::Shape& params = node.input_value(0).shape;
  const ir::Shape& indices = node.input_value(1).shape;
  if (indices.empty()) return node.Error("indices must be at least 1-D");
  size_t k = static_cast<size_t>(indices.back());
  if (k > params.size() || k > kMaxIndexDepth)
    return node.Error(absl::StrCat("index depth ", k, " exceeds the rank of params ",
                                   ir::ShapeToString(params)));
  if (const ir::Tensor* t = node.input_constant(1)) {
    for (int64_t i = 0; i < t->num_elements(); ++i) {
      int64_t limit = params[i % k];
      if (t->AsInt64(i) < 0 || t->AsInt64(i) >= limit)
        return node.Error(absl::StrCat("index ", t->AsInt64(i), " is out of range [0, ", limit,
                                       ")"));
    }
  }
  ir::Shape out(indices.begin(), indices.end() - 1);
  out.insert(out.end(), params.begin() + k, params.end());
  node.SetOutput(0, node.input_value(0).dtype, out);
  return absl::OkStatus();
}

template <size_t K>
std::array<int64_t, K> FirstDims(const ir::Shape& s) {
  std::array<int64_t, K> a{};
  for (size_t i = 0; i < K; ++i) a[i] = s[i];
  return a;
}

template <typename T, typename I, size_t... K>
void GatherNdDispatch(std::index_sequence<K...>, size_t k, const ir::Tensor& params,
                      const ir::Tensor& indices, ir::Tensor& out, int64_t num, int64_t inner) {
  ((k == K ? (rt::GatherNd<T, I, K>(params.data<T>(), indices.data<I>(), out.data<T>(), num,
                                    FirstDims<K>(params.shape()), inner),
              0)
           : 0),
   ...);
}

absl::Status EvalGatherNd(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                          std::vector<ir::Tensor>& out) {
  const ir::Shape& indices = in[1]->shape();
  size_t k = static_cast<size_t>(indices.back());
  int64_t num = Product(indices, 0, indices.size() - 1);
  int64_t inner = Product(in[0]->shape(), k, in[0]->shape().size());
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  VisitDataAndIndex(in[0]->dtype(), in[1]->dtype(), [&](auto t, auto i) {
    GatherNdDispatch<decltype(t), decltype(i)>(std::make_index_sequence<kMaxIndexDepth + 1>(), k,
                                               *in[0], *in[1], out[0], num, inner);
  });
  return absl::OkStatus();
}

absl::Status EmitGatherNd(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Shape& indices = node.input_value(1).shape;
  const ir::Shape& params = node.input_value(0).shape;
  size_t k = static_cast<size_t>(indices.back());
  ctx.out->Line(absl::StrCat(
      "tfaot::rt::GatherNd<", ir::DTypeCppName(node.output(0).dtype), ", ",
      ir::DTypeCppName(node.input_value(1).dtype), ", ", k, ">(", ctx.inputs[0], ", ",
      ctx.inputs[1], ", ", ctx.outputs[0], ", ", Product(indices, 0, indices.size() - 1), ", {",
      absl::StrJoin(std::vector<int64_t>(params.begin(), params.begin() + k), ", "), "}, ",
      Product(params, k, params.size()), ");"));
  return absl::OkStatus();
}

// ---- OneHot ----
absl::StatusOr<int64_t> OneHotAxis(const ir::Node& node) {
  int64_t rank = static_cast<int64_t>(node.input_value(0).shape.size());
  int64_t axis = node.GetIntOr("axis", -1);
  if (axis == -1) return rank;
  if (axis < 0 || axis > rank)
    return node.Error(absl::StrCat("axis ", axis, " is out of range for rank ", rank + 1));
  return axis;
}

absl::Status InferOneHot(ir::Node& node) {
  if (auto s = ExpectInputs(node, 4); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kIndexTypes | DTypeBit(ir::DType::kUInt8)); !s.ok()) return s;
  if (auto s = ExpectSameDType(node, 2, 4); !s.ok()) return s;
  auto depth = RequireConstantInput(node, 1, "depth");
  if (!depth.ok()) return depth.status();
  if ((*depth)->num_elements() != 1 || (*depth)->AsInt64(0) < 0)
    return node.Error("depth must be a scalar >= 0");
  auto axis = OneHotAxis(node);
  if (!axis.ok()) return axis.status();
  ir::Shape shape = node.input_value(0).shape;
  shape.insert(shape.begin() + *axis, (*depth)->AsInt64(0));
  node.SetOutput(0, node.input_value(2).dtype, shape);
  return absl::OkStatus();
}

void OneHotDims(const ir::Node& node, int64_t* outer, int64_t* depth, int64_t* inner) {
  const ir::Shape& in = node.input_value(0).shape;
  size_t axis = static_cast<size_t>(*OneHotAxis(node));
  *outer = Product(in, 0, axis);
  *inner = Product(in, axis, in.size());
  *depth = node.output(0).shape[axis];
}

absl::Status EvalOneHot(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  int64_t outer, depth, inner;
  OneHotDims(node, &outer, &depth, &inner);
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  ir::VisitDType(in[2]->dtype(), [&](auto t) {
    using T = decltype(t);
    ir::VisitDType(in[0]->dtype(), [&](auto i) {
      using I = decltype(i);
      if constexpr (std::is_integral_v<I> && !std::is_same_v<I, bool>)
        rt::OneHot<T, I>(in[0]->data<I>(), out[0].data<T>(), outer, depth, inner,
                         in[2]->data<T>()[0], in[3]->data<T>()[0]);
    });
  });
  return absl::OkStatus();
}

absl::Status EmitOneHot(const ir::Node& node, codegen::KernelContext& ctx) {
  int64_t outer, depth, inner;
  OneHotDims(node, &outer, &depth, &inner);
  ctx.out->Line(absl::StrCat("tfaot::rt::OneHot(", ctx.inputs[0], ", ", ctx.outputs[0], ", ",
                             outer, ", ", depth, ", ", inner, ", ", ctx.inputs[2], "[0], ",
                             ctx.inputs[3], "[0]);"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpGather = {"Gather",    OpClass::kKernel, &InferGather, &EvalGather,
                                &EmitGather, nullptr,          "runtime/gather.h"};
extern const OpDef kOpGatherV2 = {"GatherV2",  OpClass::kKernel, &InferGather, &EvalGather,
                                  &EmitGather, nullptr,          "runtime/gather.h"};
extern const OpDef kOpGatherNd = {"GatherNd",    OpClass::kKernel, &InferGatherNd, &EvalGatherNd,
                                  &EmitGatherNd, nullptr,          "runtime/gather.h"};
extern const OpDef kOpOneHot = {"OneHot",    OpClass::kKernel, &InferOneHot, &EvalOneHot,
                                &EmitOneHot, nullptr,          "runtime/gather.h"};

}  // namespace tfaot::ops
