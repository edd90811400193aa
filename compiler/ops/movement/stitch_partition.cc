// Index-routed copies whose routing must be known at compile time because
// it decides output shapes: DynamicStitch / ParallelDynamicStitch (constant
// indices), DynamicPartition (constant partitions); and InvertPermutation.
#include <algorithm>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/gather.h"
#include "runtime/scatter.h"

namespace tfaot::ops {
namespace {

constexpr uint64_t kIndexTypes = DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64);

// ---- DynamicStitch: inputs are N index tensors, then N data tensors ----
struct StitchDims {
  int n = 0;
  int64_t rows = 0, inner = 1;
};

absl::StatusOr<StitchDims> GetStitchDims(const ir::Node& node) {
  StitchDims d;
  if (node.num_inputs() < 2 || node.num_inputs() % 2 != 0)
    return node.Error("expects N index tensors and N data tensors");
  d.n = node.num_inputs() / 2;
  if (auto s = ExpectSameDType(node, d.n, 2 * d.n); !s.ok()) return s;
  int64_t max_index = -1;
  for (int m = 0; m < d.n; ++m) {
    if (auto s = ExpectDType(node, m, kIndexTypes); !s.ok()) return s;
    auto t = RequireConstantInput(node, m, "indices");
    if (!t.ok()) return t.status();
    for (int64_t i = 0; i < (*t)->num_elements(); ++i) {
      if ((*t)->AsInt64(i) < 0) return node.Error("indices must not be negative");
      max_index = std::max(max_index, (*t)->AsInt64(i));
    }
    const ir::Shape& idx = node.input_value(m).shape;
    const ir::Shape& data = node.input_value(d.n + m).shape;
    if (data.size() < idx.size() || !std::equal(idx.begin(), idx.end(), data.begin()))
      return node.Error(absl::StrCat("data ", m, " ", ir::ShapeToString(data),
                                     " does not start with its indices' shape ",
                                     ir::ShapeToString(idx)));
    int64_t inner = 1;
    for (size_t i = idx.size(); i < data.size(); ++i) inner *= data[i];
    if (m > 0 && inner != d.inner) return node.Error("data rows differ in size");
    d.inner = inner;
  }
  d.rows = max_index + 1;
  return d;
}

absl::Status InferStitch(ir::Node& node) {
  auto d = GetStitchDims(node);
  if (!d.ok()) return d.status();
  const ir::Shape& data = node.input_value(d->n).shape;
  ir::Shape shape = {d->rows};
  shape.insert(shape.end(), data.begin() + node.input_value(0).shape.size(), data.end());
  node.SetOutput(0, node.input_value(d->n).dtype, shape);
  return absl::OkStatus();
}

absl::Status EvalStitch(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  auto d = GetStitchDims(node);
  if (!d.ok()) return d.status();
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  for (int m = 0; m < d->n; ++m) {
    const ir::Tensor& idx = *in[m];
    std::vector<int64_t> ids = idx.ToInt64Vector();
    VisitBySize(out[0].dtype(), [&](auto t) {
      using T = decltype(t);
      rt::ScatterRows(in[d->n + m]->data<T>(), ids.data(), out[0].data<T>(), idx.num_elements(),
                      d->rows, d->inner);
    });
  }
  return absl::OkStatus();
}

absl::Status EmitStitch(const ir::Node& node, codegen::KernelContext& ctx) {
  auto d = GetStitchDims(node);
  if (!d.ok()) return d.status();
  for (int m = 0; m < d->n; ++m)
    ctx.out->Line(absl::StrCat("tfaot::rt::ScatterRows(", ctx.inputs[d->n + m], ", ",
                               ctx.inputs[m], ", ", ctx.outputs[0], ", ",
                               ir::NumElements(node.input_value(m).shape), ", ", d->rows, ", ",
                               d->inner, ");"));
  return absl::OkStatus();
}

// ---- DynamicPartition: output p gathers the rows whose partition is p ----
absl::StatusOr<std::vector<std::vector<int64_t>>> PartitionRows(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto num = node.GetInt("num_partitions");
  if (!num.ok()) return num.status();
  auto t = RequireConstantInput(node, 1, "partitions");
  if (!t.ok()) return t.status();
  const ir::Shape& data = node.input_value(0).shape;
  const ir::Shape& parts = (*t)->shape();
  if (parts.size() > data.size() || !std::equal(parts.begin(), parts.end(), data.begin()))
    return node.Error(absl::StrCat("partitions ", ir::ShapeToString(parts),
                                   " must be a prefix of the data shape ",
                                   ir::ShapeToString(data)));
  std::vector<std::vector<int64_t>> rows(*num);
  for (int64_t i = 0; i < (*t)->num_elements(); ++i) {
    int64_t p = (*t)->AsInt64(i);
    if (p < 0 || p >= *num)
      return node.Error(absl::StrCat("partition ", p, " is out of range [0, ", *num, ")"));
    rows[p].push_back(i);
  }
  return rows;
}

int64_t PartitionInner(const ir::Node& node) {
  int64_t inner = 1;
  const ir::Shape& data = node.input_value(0).shape;
  for (size_t i = node.input_value(1).shape.size(); i < data.size(); ++i) inner *= data[i];
  return inner;
}

absl::Status InferPartition(ir::Node& node) {
  auto rows = PartitionRows(node);
  if (!rows.ok()) return rows.status();
  const ir::Shape& data = node.input_value(0).shape;
  for (size_t p = 0; p < rows->size(); ++p) {
    ir::Shape shape = {static_cast<int64_t>((*rows)[p].size())};
    shape.insert(shape.end(), data.begin() + node.input_value(1).shape.size(), data.end());
    node.SetOutput(static_cast<int>(p), node.input_value(0).dtype, shape);
  }
  return absl::OkStatus();
}

absl::Status EvalPartition(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                           std::vector<ir::Tensor>& out) {
  auto rows = PartitionRows(node);
  if (!rows.ok()) return rows.status();
  int64_t n = ir::NumElements(node.input_value(1).shape), inner = PartitionInner(node);
  out.clear();
  for (size_t p = 0; p < rows->size(); ++p) {
    out.emplace_back(node.output(p).dtype, node.output(p).shape);
    const std::vector<int64_t>& r = (*rows)[p];
    VisitBySize(in[0]->dtype(), [&](auto t) {
      using T = decltype(t);
      rt::Gather<T, int64_t>(in[0]->data<T>(), r.data(), out.back().data<T>(), 1, 1, n, inner,
                             static_cast<int64_t>(r.size()));
    });
  }
  return absl::OkStatus();
}

absl::Status EmitPartition(const ir::Node& node, codegen::KernelContext& ctx) {
  auto rows = PartitionRows(node);
  if (!rows.ok()) return rows.status();
  int64_t n = ir::NumElements(node.input_value(1).shape), inner = PartitionInner(node);
  for (size_t p = 0; p < rows->size(); ++p) {
    const std::vector<int64_t>& r = (*rows)[p];
    if (r.empty()) continue;
    ctx.out->Open("{");
    ctx.out->Line(absl::StrCat("static const int64_t kRows[] = {", absl::StrJoin(r, ", "), "};"));
    ctx.out->Line(absl::StrCat("tfaot::rt::Gather(", ctx.inputs[0], ", kRows, ", ctx.outputs[p],
                               ", 1, 1, ", n, ", ", inner, ", ", r.size(), ");"));
    ctx.out->Close();
  }
  return absl::OkStatus();
}

// ---- InvertPermutation ----
absl::Status InferInvertPermutation(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kIndexTypes); !s.ok()) return s;
  if (node.input_value(0).shape.size() != 1) return node.Error("expects a 1-D input");
  if (const ir::Tensor* t = node.input_constant(0)) {
    std::vector<bool> seen(t->num_elements(), false);
    for (int64_t i = 0; i < t->num_elements(); ++i) {
      int64_t p = t->AsInt64(i);
      if (p < 0 || p >= t->num_elements() || seen[p])
        return node.Error("the input is not a permutation of 0..n-1");
      seen[p] = true;
    }
  }
  return InferSameAsInput(node);
}

absl::Status EvalInvertPermutation(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                                   std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(in[0]->dtype(), in[0]->shape()));
  if (in[0]->dtype() == ir::DType::kInt32)
    rt::InvertPermutation(in[0]->data<int32_t>(), out[0].data<int32_t>(), in[0]->num_elements());
  else
    rt::InvertPermutation(in[0]->data<int64_t>(), out[0].data<int64_t>(), in[0]->num_elements());
  return absl::OkStatus();
}

absl::Status EmitInvertPermutation(const ir::Node& node, codegen::KernelContext& ctx) {
  ctx.out->Line(absl::StrCat("tfaot::rt::InvertPermutation(", ctx.inputs[0], ", ",
                             ctx.outputs[0], ", ", ir::NumElements(node.output(0).shape), ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpDynamicStitch = {"DynamicStitch", OpClass::kKernel, &InferStitch,
                                       &EvalStitch,     &EmitStitch,      nullptr,
                                       "runtime/scatter.h"};
extern const OpDef kOpParallelDynamicStitch = {
    "ParallelDynamicStitch", OpClass::kKernel, &InferStitch, &EvalStitch, &EmitStitch, nullptr,
    "runtime/scatter.h"};
extern const OpDef kOpDynamicPartition = {"DynamicPartition", OpClass::kKernel, &InferPartition,
                                          &EvalPartition,     &EmitPartition,   nullptr,
                                          "runtime/gather.h"};
extern const OpDef kOpInvertPermutation = {
    "InvertPermutation",     OpClass::kKernel, &InferInvertPermutation, &EvalInvertPermutation,
    &EmitInvertPermutation, nullptr,          "runtime/scatter.h"};

}  // namespace tfaot::ops
