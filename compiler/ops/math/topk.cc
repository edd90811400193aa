// TopKV2 (k largest along the last dimension, values and int32 indices; k
// must be a constant) and InTopKV2 (whether each target is in its row's top
// k). Kernels in runtime/topk.h. With `sorted = false` TensorFlow's CPU
// kernel returns the winners in heap order when 1 < k < n (k = 1 and k = n
// come out sorted); TopKUnsorted reproduces that order.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/topk.h"

namespace tfaot::ops {
namespace {

absl::StatusOr<int64_t> ConstantK(const ir::Node& node, int input) {
  auto k = RequireConstantInput(node, input, "k");
  if (!k.ok()) return k.status();
  if ((*k)->num_elements() != 1) return node.Error("k must be a scalar");
  if ((*k)->AsInt64(0) < 0) return node.Error(absl::StrCat("k is negative: ", (*k)->AsInt64(0)));
  return (*k)->AsInt64(0);
}

// ---- TopKV2(input, k) -> values, indices ----
absl::Status InferTopK(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, kNumericTypes); !s.ok()) return s;
  auto k = ConstantK(node, 1);
  if (!k.ok()) return k.status();
  ir::Shape shape = node.input_value(0).shape;
  if (shape.empty()) return node.Error("input must have rank 1 or more");
  if (shape.back() < *k)
    return node.Error(absl::StrCat("k = ", *k, " exceeds the last dimension ", shape.back()));
  shape.back() = *k;
  node.SetOutput(0, node.input_value(0).dtype, shape);
  node.SetOutput(1, ir::DType::kInt32, shape);
  return absl::OkStatus();
}

struct Rows {
  int64_t rows, n, k;
  bool heap_order;  // sorted = false with 1 < k < n
};

Rows TopKRows(const ir::Node& node) {
  const ir::Shape& in = node.input_value(0).shape;
  Rows r{ir::NumElements(ir::Shape(in.begin(), in.end() - 1)), in.back(),
         node.output(0).shape.back(), false};
  r.heap_order = !node.GetBoolOr("sorted", true) && r.k > 1 && r.k < r.n;
  return r;
}

absl::Status EvalTopK(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  out.clear();
  out.emplace_back(node.output(0).dtype, node.output(0).shape);
  out.emplace_back(ir::DType::kInt32, node.output(1).shape);
  const Rows r = TopKRows(node);
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kNumericTypes)) {
      if (r.heap_order)
        rt::TopKUnsorted<T>(in[0]->data<T>(), out[0].data<T>(), out[1].data<int32_t>(), r.rows,
                            r.n, r.k);
      else
        rt::TopK<T>(in[0]->data<T>(), out[0].data<T>(), out[1].data<int32_t>(), r.rows, r.n, r.k);
    }
  });
  return absl::OkStatus();
}

absl::Status EmitTopK(const ir::Node& node, codegen::KernelContext& ctx) {
  const Rows r = TopKRows(node);
  ctx.out->Line(absl::StrCat(r.heap_order ? "tfaot::rt::TopKUnsorted<" : "tfaot::rt::TopK<",
                             ir::DTypeCppName(node.output(0).dtype), ">(",
                             ctx.inputs[0], ", ", ctx.outputs[0], ", ", ctx.outputs[1], ", ",
                             r.rows, ", ", r.n, ", ", r.k, ");"));
  return absl::OkStatus();
}

// ---- InTopKV2(predictions [batch, classes], targets [batch], k) ----
absl::Status InferInTopK(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, DTypeBit(ir::DType::kFloat)); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  if (auto k = ConstantK(node, 2); !k.ok()) return k.status();
  const ir::Shape& p = node.input_value(0).shape;
  const ir::Shape& t = node.input_value(1).shape;
  if (p.size() != 2 || t.size() != 1 || t[0] != p[0])
    return node.Error(absl::StrCat("predictions must be [batch, classes] and targets [batch], got ",
                                   ir::ShapeToString(p), " and ", ir::ShapeToString(t)));
  node.SetOutput(0, ir::DType::kBool, {p[0]});
  return absl::OkStatus();
}

absl::Status EvalInTopK(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  const ir::Shape& p = node.input_value(0).shape;
  const int64_t k = in[2]->AsInt64(0);
  out.assign(1, ir::Tensor(ir::DType::kBool, node.output(0).shape));
  if (in[1]->dtype() == ir::DType::kInt32)
    rt::InTopK(in[0]->data<float>(), in[1]->data<int32_t>(), out[0].data<bool>(), p[0], p[1], k);
  else
    rt::InTopK(in[0]->data<float>(), in[1]->data<int64_t>(), out[0].data<bool>(), p[0], p[1], k);
  return absl::OkStatus();
}

absl::Status EmitInTopK(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Shape& p = node.input_value(0).shape;
  ctx.out->Line(absl::StrCat("tfaot::rt::InTopK(", ctx.inputs[0], ", ", ctx.inputs[1], ", ",
                             ctx.outputs[0], ", ", p[0], ", ", p[1], ", ",
                             node.input_constant(2)->AsInt64(0), ");"));
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTopKV2 = {"TopKV2",  OpClass::kKernel, &InferTopK, &EvalTopK,
                                &EmitTopK, nullptr,          "runtime/topk.h"};
extern const OpDef kOpInTopKV2 = {"InTopKV2",  OpClass::kKernel, &InferInTopK, &EvalInTopK,
                                  &EmitInTopK, nullptr,          "runtime/topk.h"};

}  // namespace tfaot::ops
