// TensorArrays (tensor_array.h), as values of shape [size, element...]. After
// functionalize (functionalize/tensor_arrays.cc) the V3 ops take the array
// where TensorFlow takes the handle and the flow:
//   TensorArrayV3(size) -> array          (zeros; size a compile-time constant)
//   TensorArrayWriteV3(array, index, value) -> array
//   TensorArrayScatterV3(array, indices, value[n, element...]) -> array
//   TensorArraySplitV3(array, value, lengths) -> array   (equal lengths)
//   TensorArrayReadV3(array, index) -> element
//   TensorArrayGatherV3(array, indices) -> [n, element...]
//   TensorArrayConcatV3(array) -> ([size * e0, element[1:]...], lengths)
//   TensorArraySizeV3(array) -> size
// The writers update their input in place when the memory plan allows it
// (OpDef::in_place); TensorFlow's flow chain is linear, so the old array has
// no other writer, and an element is written once before it is read. An
// index outside the array is skipped by writes and reads as zeros: compiled
// code cannot report it (TensorFlow fails the step).
#include "compiler/ops/control/tensor_array.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/gather.h"
#include "runtime/scatter.h"

namespace tfaot::ops {

bool AcceptsUnknownElementShape(const std::string& op) {
  static const std::set<std::string> ops = {"TensorArrayWriteV3", "TensorArrayScatterV3",
                                            "TensorArraySplitV3", "TensorArraySizeV3", "While"};
  return ops.count(op) > 0;
}

absl::Status ResolveTensorArrayShape(const ir::ValueRef& array, const ir::Shape& shape,
                                     const ir::Node& writer) {
  if (array.node->op() != "TensorArrayV3")
    return writer.Error(absl::StrCat(
        "writes a TensorArray whose element shape tfaotc cannot tell (it comes from '",
        array.node->name(), "', not from a TensorArrayV3 node); give the TensorArray an "
        "element_shape"));
  ir::Value& v = array.node->output(array.index);
  v.shape = shape;
  v.shape_known = true;
  v.constant = std::make_shared<ir::Tensor>(v.dtype, shape);
  return absl::OkStatus();
}

namespace {

int64_t ElementCount(const ir::Shape& array) {
  int64_t n = 1;
  for (size_t i = 1; i < array.size(); ++i) n *= array[i];
  return n;
}

ir::Shape ElementShape(const ir::Shape& array) { return ir::Shape(array.begin() + 1, array.end()); }

std::string TypeOf(const ir::Value& v) {
  return ir::DTypeName(v.dtype) + (v.shape_known ? ir::ShapeToString(v.shape) : "[?, <unknown>]");
}

absl::Status CheckArray(const ir::Node& node, bool element_needed) {
  if (node.num_inputs() < 1) return node.Error("takes a TensorArray");
  const ir::Value& a = node.input_value(0);
  if (a.shape.empty()) return node.Error("input 0 is not a TensorArray");
  if (element_needed && !a.shape_known)
    return node.Error(absl::StrCat("reads TensorArray '", node.inputs()[0].node->name(),
                                   "' whose element shape is not known: it has no "
                                   "element_shape and nothing is written to it before; give "
                                   "the TensorArray an element_shape"));
  return absl::OkStatus();
}

// The dtype attribute the op carries (Write/Scatter/Split: T; the others: dtype).
absl::Status CheckDType(const ir::Node& node, const char* attr) {
  auto dtype = node.GetType(attr);
  if (dtype.ok() && *dtype != node.input_value(0).dtype)
    return node.Error(absl::StrCat("is typed ", ir::DTypeName(*dtype), " but the TensorArray holds ",
                                   ir::DTypeName(node.input_value(0).dtype)));
  return absl::OkStatus();
}

// ---- TensorArrayV3 ----

absl::Status InferNew(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  auto size = RequireConstantInput(node, 0, "size");
  if (!size.ok()) return size.status();
  if ((*size)->num_elements() != 1) return node.Error("size must be a scalar");
  const int64_t n = (*size)->AsInt64(0);
  if (n < 0) return node.Error(absl::StrCat("size is negative (", n, ")"));
  if (node.GetBoolOr("dynamic_size", false))
    return absl::UnimplementedError(node.Describe() + ": dynamic_size TensorArrays (which grow "
                                    "as they are written) are not supported; tfaotc needs a "
                                    "fixed size");
  auto dtype = node.GetType("dtype");
  if (!dtype.ok()) return dtype.status();
  ir::PartialShape element;
  if (auto e = node.GetShape("element_shape"); e.ok()) element = *e;
  node.outputs().resize(1);
  if (!element.IsFullyDefined()) {
    // Typed by the first write (ResolveTensorArrayShape).
    ir::Value& out = node.output(0);
    out.dtype = *dtype;
    out.shape = {n};
    out.shape_known = false;
    return absl::OkStatus();
  }
  ir::Shape shape = {n};
  shape.insert(shape.end(), element.dims.begin(), element.dims.end());
  node.SetOutput(0, *dtype, shape);
  return absl::OkStatus();
}

absl::Status EvalNew(const ir::Node& node, const std::vector<const ir::Tensor*>&,
                     std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  return absl::OkStatus();
}

absl::Status EmitZeros(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Value& v = node.output(0);
  ctx.out->Line(absl::StrCat("std::memset(", ctx.outputs[0], ", 0, ",
                             ir::NumElements(v.shape) * ir::DTypeSize(v.dtype), ");"));
  return absl::OkStatus();
}

// ---- Writers: the array comes back with elements replaced ----

// value's shape when it holds `count` elements of `element` (count 1: Write,
// whose value is one element).
absl::Status Resolve(ir::Node& node, const ir::Shape& element) {
  const ir::Value& a = node.input_value(0);
  ir::Shape full = {a.shape[0]};
  full.insert(full.end(), element.begin(), element.end());
  if (!a.shape_known) {
    // A loop's carried array is re-typed by the loop (infer-shapes) instead.
    if (node.inputs()[0].node->op() != "Arg")
      if (auto s = ResolveTensorArrayShape(node.inputs()[0], full, node); !s.ok()) return s;
  } else if (a.shape != full) {
    return node.Error(absl::StrCat("writes elements of shape ", ir::ShapeToString(element),
                                   " into TensorArray '", node.inputs()[0].node->name(),
                                   "' of ", TypeOf(a)));
  }
  node.SetOutput(0, a.dtype, full);
  return absl::OkStatus();
}

absl::Status InferWrite(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = CheckArray(node, false); !s.ok()) return s;
  if (auto s = CheckDType(node, "T"); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  if (!node.input_value(1).shape.empty()) return node.Error("index must be a scalar");
  if (node.input_value(2).dtype != node.input_value(0).dtype)
    return node.Error("writes " + ir::DTypeName(node.input_value(2).dtype) +
                      " into a TensorArray of " + ir::DTypeName(node.input_value(0).dtype));
  return Resolve(node, node.input_value(2).shape);
}

absl::Status InferScatter(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = CheckArray(node, false); !s.ok()) return s;
  if (auto s = CheckDType(node, "T"); !s.ok()) return s;
  const ir::Value& indices = node.input_value(1);
  const ir::Value& value = node.input_value(2);
  if (indices.shape.size() != 1) return node.Error("indices must be a vector");
  if (value.shape.empty() || value.shape[0] != indices.shape[0])
    return node.Error(absl::StrCat("scatters ", ir::ShapeToString(value.shape), " by ",
                                   indices.shape[0], " indices"));
  if (value.dtype != node.input_value(0).dtype)
    return node.Error("writes " + ir::DTypeName(value.dtype) + " into a TensorArray of " +
                      ir::DTypeName(node.input_value(0).dtype));
  return Resolve(node, ElementShape(value.shape));
}

absl::Status InferSplit(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  if (auto s = CheckArray(node, false); !s.ok()) return s;
  if (auto s = CheckDType(node, "T"); !s.ok()) return s;
  const ir::Value& value = node.input_value(1);
  auto lengths = RequireConstantInput(node, 2, "lengths");
  if (!lengths.ok()) return lengths.status();
  const int64_t size = node.input_value(0).shape[0];
  if (value.shape.empty() || (*lengths)->num_elements() != size)
    return node.Error(absl::StrCat("splits ", ir::ShapeToString(value.shape), " into ",
                                   (*lengths)->num_elements(), " pieces for ", size,
                                   " elements"));
  const int64_t first = size ? (*lengths)->AsInt64(0) : 0;
  int64_t total = 0;
  for (int64_t i = 0; i < size; ++i) {
    total += (*lengths)->AsInt64(i);
    if ((*lengths)->AsInt64(i) != first)
      return node.Error("splits into pieces of different lengths; tfaotc keeps one static "
                        "element shape");
  }
  if (total != value.shape[0])
    return node.Error(absl::StrCat("lengths sum to ", total, " but the value has ",
                                   value.shape[0], " rows"));
  ir::Shape element = value.shape;
  element[0] = first;
  return Resolve(node, element);
}

template <typename T>
void ScatterTyped(const ir::Tensor* indices, const ir::Tensor& value, int64_t count,
                  int64_t size, int64_t inner, ir::Tensor& array) {
  std::vector<int64_t> ids(count);
  for (int64_t i = 0; i < count; ++i) ids[i] = indices ? indices->AsInt64(i) : i;
  rt::ScatterRows(value.data<T>(), ids.data(), array.data<T>(), count, size, inner);
}

// Write puts one element at index, Scatter rows at indices, Split the
// value's equal pieces at 0, 1, 2, ...
absl::Status EvalWriter(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  out.assign(1, *in[0]);
  const int64_t size = in[0]->shape()[0];
  const int64_t inner = ElementCount(in[0]->shape());
  const bool split = node.op() == "TensorArraySplitV3";
  const ir::Tensor& value = *in[split ? 1 : 2];
  const ir::Tensor* indices = split ? nullptr : in[1];
  const int64_t rows = split ? size : indices->num_elements();
  switch (ir::DTypeSize(value.dtype())) {
    case 1: ScatterTyped<uint8_t>(indices, value, rows, size, inner, out[0]); break;
    case 2: ScatterTyped<uint16_t>(indices, value, rows, size, inner, out[0]); break;
    case 4: ScatterTyped<uint32_t>(indices, value, rows, size, inner, out[0]); break;
    default: ScatterTyped<uint64_t>(indices, value, rows, size, inner, out[0]); break;
  }
  return absl::OkStatus();
}

std::string IndexType(const ir::Value& v) { return ir::DTypeCppName(v.dtype); }

// The array is already in the output (the plan made it the same buffer, or
// the module emitter copied it): only the rows are written.
absl::Status EmitWriter(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Value& a = node.output(0);
  const std::string t = ir::DTypeCppName(a.dtype);
  const int64_t inner = ElementCount(a.shape);
  if (node.op() == "TensorArraySplitV3") {
    ctx.out->Line(absl::StrCat("std::memcpy(", ctx.outputs[0], ", ", ctx.inputs[1], ", ",
                               ir::NumElements(a.shape) * ir::DTypeSize(a.dtype), ");"));
    return absl::OkStatus();
  }
  const int64_t rows = node.op() == "TensorArrayWriteV3" ? 1 : node.input_value(1).shape[0];
  ctx.out->Line(absl::StrCat("tfaot::rt::ScatterRows<", t, ", ", IndexType(node.input_value(1)),
                             ">(", ctx.inputs[2], ", ", ctx.inputs[1], ", ", ctx.outputs[0],
                             ", ", rows, ", ", a.shape[0], ", ", inner, ");"));
  return absl::OkStatus();
}

// ---- Readers ----

absl::Status InferRead(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = CheckArray(node, true); !s.ok()) return s;
  if (auto s = CheckDType(node, "dtype"); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32) | DTypeBit(ir::DType::kInt64));
      !s.ok())
    return s;
  if (!node.input_value(1).shape.empty()) return node.Error("index must be a scalar");
  node.SetOutput(0, node.input_value(0).dtype, ElementShape(node.input_value(0).shape));
  return absl::OkStatus();
}

absl::Status InferGather(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = CheckArray(node, true); !s.ok()) return s;
  if (auto s = CheckDType(node, "dtype"); !s.ok()) return s;
  const ir::Value& indices = node.input_value(1);
  if (indices.shape.size() != 1) return node.Error("indices must be a vector");
  ir::Shape shape = node.input_value(0).shape;
  shape[0] = indices.shape[0];
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

template <typename T>
void GatherTyped(const ir::Tensor& array, const ir::Tensor& indices, ir::Tensor& out) {
  std::vector<int64_t> ids(indices.num_elements());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = indices.AsInt64(static_cast<int64_t>(i));
  rt::Gather(array.data<T>(), ids.data(), out.data<T>(), 1, 1, array.shape()[0],
             ElementCount(array.shape()), static_cast<int64_t>(ids.size()));
}

absl::Status EvalGather(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  out.assign(1, ir::Tensor(node.output(0).dtype, node.output(0).shape));
  switch (ir::DTypeSize(in[0]->dtype())) {
    case 1: GatherTyped<uint8_t>(*in[0], *in[1], out[0]); break;
    case 2: GatherTyped<uint16_t>(*in[0], *in[1], out[0]); break;
    case 4: GatherTyped<uint32_t>(*in[0], *in[1], out[0]); break;
    default: GatherTyped<uint64_t>(*in[0], *in[1], out[0]); break;
  }
  return absl::OkStatus();
}

absl::Status EmitGather(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Value& a = node.input_value(0);
  const int64_t count = node.op() == "TensorArrayReadV3" ? 1 : node.input_value(1).shape[0];
  ctx.out->Line(absl::StrCat("tfaot::rt::Gather<", ir::DTypeCppName(a.dtype), ", ",
                             IndexType(node.input_value(1)), ">(", ctx.inputs[0], ", ",
                             ctx.inputs[1], ", ", ctx.outputs[0], ", 1, 1, ", a.shape[0], ", ",
                             ElementCount(a.shape), ", ", count, ");"));
  return absl::OkStatus();
}

absl::Status InferConcat(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = CheckArray(node, true); !s.ok()) return s;
  if (auto s = CheckDType(node, "dtype"); !s.ok()) return s;
  const ir::Shape& a = node.input_value(0).shape;
  if (a.size() < 2) return node.Error("concatenates scalars; its elements need a first axis");
  ir::Shape shape(a.begin() + 1, a.end());
  shape[0] *= a[0];
  node.SetOutput(0, node.input_value(0).dtype, shape);
  node.SetOutput(1, ir::DType::kInt64, {a[0]});
  // Every element has the same first axis: the lengths are known now.
  ir::Tensor lengths(ir::DType::kInt64, {a[0]});
  for (int64_t i = 0; i < a[0]; ++i) lengths.data<int64_t>()[i] = a[1];
  node.output(1).constant = std::make_shared<ir::Tensor>(std::move(lengths));
  return absl::OkStatus();
}

absl::Status EvalConcat(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                        std::vector<ir::Tensor>& out) {
  out.clear();
  out.push_back(in[0]->Reshaped(node.output(0).shape));
  out.push_back(*node.output(1).constant);
  return absl::OkStatus();
}

absl::Status EmitConcat(const ir::Node& node, codegen::KernelContext& ctx) {
  const ir::Value& v = node.output(0);
  ctx.out->Line(absl::StrCat("std::memcpy(", ctx.outputs[0], ", ", ctx.inputs[0], ", ",
                             ir::NumElements(v.shape) * ir::DTypeSize(v.dtype), ");"));
  return absl::OkStatus();
}

absl::Status InferSize(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = CheckArray(node, false); !s.ok()) return s;
  node.SetOutput(0, ir::DType::kInt32, {});
  node.output(0).constant =
      std::make_shared<ir::Tensor>(ir::Tensor::Scalar<int32_t>(
          static_cast<int32_t>(node.input_value(0).shape[0])));
  return absl::OkStatus();
}

absl::Status EvalSize(const ir::Node& node, const std::vector<const ir::Tensor*>&,
                      std::vector<ir::Tensor>& out) {
  out.assign(1, *node.output(0).constant);
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpTensorArrayV3 = {"TensorArrayV3", OpClass::kKernel, &InferNew, &EvalNew,
                                       &EmitZeros,      nullptr,          nullptr};
extern const OpDef kOpTensorArrayWriteV3 = {
    "TensorArrayWriteV3", OpClass::kKernel, &InferWrite, &EvalWriter, &EmitWriter,
    nullptr,              "runtime/scatter.h", nullptr, /*in_place=*/true};
extern const OpDef kOpTensorArrayScatterV3 = {
    "TensorArrayScatterV3", OpClass::kKernel, &InferScatter, &EvalWriter, &EmitWriter,
    nullptr,                "runtime/scatter.h", nullptr, /*in_place=*/true};
extern const OpDef kOpTensorArraySplitV3 = {
    "TensorArraySplitV3", OpClass::kKernel, &InferSplit, &EvalWriter, &EmitWriter,
    nullptr,              nullptr,          nullptr,    /*in_place=*/true};
extern const OpDef kOpTensorArrayReadV3 = {"TensorArrayReadV3", OpClass::kKernel, &InferRead,
                                           &EvalGather,         &EmitGather,      nullptr,
                                           "runtime/gather.h"};
extern const OpDef kOpTensorArrayGatherV3 = {"TensorArrayGatherV3", OpClass::kKernel,
                                             &InferGather,          &EvalGather,
                                             &EmitGather,           nullptr,
                                             "runtime/gather.h"};
extern const OpDef kOpTensorArrayConcatV3 = {"TensorArrayConcatV3", OpClass::kKernel,
                                             &InferConcat,          &EvalConcat,
                                             &EmitConcat,           nullptr,
                                             nullptr};
extern const OpDef kOpTensorArraySizeV3 = {"TensorArraySizeV3", OpClass::kKernel, &InferSize,
                                           &EvalSize,           nullptr,          nullptr,
                                           nullptr};

}  // namespace tfaot::ops
