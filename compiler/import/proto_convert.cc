#include "compiler/import/proto_convert.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace tfaot::import {
namespace {

// Copies `values` into `t` converted to T, repeating the last value.
template <typename T, typename Repeated>
void FillFrom(const Repeated& values, ir::Tensor& t) {
  int64_t n = t.num_elements();
  if (values.empty()) return;  // zeros
  T* out = t.data<T>();
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = i < values.size() ? i : values.size() - 1;
    out[i] = static_cast<T>(values.Get(static_cast<int>(src)));
  }
}

}  // namespace

ir::PartialShape ShapeFromProto(const tensorflow::TensorShapeProto& proto) {
  ir::PartialShape shape;
  shape.unknown_rank = proto.unknown_rank();
  for (const auto& dim : proto.dim()) shape.dims.push_back(dim.size());
  return shape;
}

absl::StatusOr<ir::Tensor> TensorFromProto(const tensorflow::TensorProto& proto) {
  ir::DType dtype = ir::DTypeFromProto(proto.dtype());
  if (dtype == ir::DType::kInvalid)
    return absl::InvalidArgumentError(
        absl::StrCat("tensor has unsupported dtype ", tensorflow::DataType_Name(proto.dtype())));
  ir::PartialShape shape = ShapeFromProto(proto.tensor_shape());
  if (shape.unknown_rank || !shape.IsFullyDefined())
    return absl::InvalidArgumentError("tensor has no fully defined shape");
  if (dtype == ir::DType::kString) {
    if (ir::CheckedByteSize(ir::DType::kUInt8, shape.dims) < 0)
      return absl::InvalidArgumentError("tensor shape " + ir::ShapeToString(shape.dims) +
                                        " is too large");
    return ir::Tensor(dtype, shape.dims);  // no bytes kept
  }
  int64_t bytes = ir::CheckedByteSize(dtype, shape.dims);
  if (bytes < 0 || bytes > ir::kMaxConstantBytes)
    return absl::InvalidArgumentError(absl::StrCat(
        "a constant of shape ", ir::ShapeToString(shape.dims), " and dtype ",
        ir::DTypeName(dtype), " is larger than the 2 GiB tfaotc keeps for one constant"));
  ir::Tensor t(dtype, shape.dims);
  if (!proto.tensor_content().empty()) {
    if (static_cast<int64_t>(proto.tensor_content().size()) != t.byte_size())
      return absl::InvalidArgumentError(absl::StrCat(
          "tensor_content has ", proto.tensor_content().size(), " bytes but shape ",
          ir::ShapeToString(t.shape()), " of ", ir::DTypeName(dtype), " needs ", t.byte_size()));
    std::memcpy(t.raw(), proto.tensor_content().data(), t.byte_size());
    return t;
  }
  switch (dtype) {
    case ir::DType::kFloat: FillFrom<float>(proto.float_val(), t); break;
    case ir::DType::kDouble: FillFrom<double>(proto.double_val(), t); break;
    case ir::DType::kInt64: FillFrom<int64_t>(proto.int64_val(), t); break;
    case ir::DType::kUInt32: FillFrom<uint32_t>(proto.uint32_val(), t); break;
    case ir::DType::kUInt64: FillFrom<uint64_t>(proto.uint64_val(), t); break;
    case ir::DType::kBool: FillFrom<bool>(proto.bool_val(), t); break;
    case ir::DType::kHalf: FillFrom<uint16_t>(proto.half_val(), t); break;
    case ir::DType::kInt32: FillFrom<int32_t>(proto.int_val(), t); break;
    case ir::DType::kInt16: FillFrom<int16_t>(proto.int_val(), t); break;
    case ir::DType::kInt8: FillFrom<int8_t>(proto.int_val(), t); break;
    case ir::DType::kUInt8: FillFrom<uint8_t>(proto.int_val(), t); break;
    case ir::DType::kUInt16: FillFrom<uint16_t>(proto.int_val(), t); break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("tensor dtype ", ir::DTypeName(dtype), " is not supported"));
  }
  return t;
}

absl::StatusOr<ir::AttrValue> AttrFromProto(const tensorflow::AttrValue& proto) {
  using tensorflow::AttrValue;
  switch (proto.value_case()) {
    case AttrValue::kS: return ir::AttrValue(proto.s());
    case AttrValue::kI: return ir::AttrValue(static_cast<int64_t>(proto.i()));
    case AttrValue::kF: return ir::AttrValue(proto.f());
    case AttrValue::kB: return ir::AttrValue(proto.b());
    case AttrValue::kType: return ir::AttrValue(ir::DTypeFromProto(proto.type()));
    case AttrValue::kShape: return ir::AttrValue(ShapeFromProto(proto.shape()));
    case AttrValue::kTensor: {
      auto t = TensorFromProto(proto.tensor());
      if (!t.ok()) return t.status();
      return ir::AttrValue(*std::move(t));
    }
    case AttrValue::kFunc: return ir::AttrValue(ir::FuncAttr{proto.func().name()});
    case AttrValue::kPlaceholder: return ir::AttrValue(proto.placeholder());
    case AttrValue::kList: {
      const auto& list = proto.list();
      if (list.s_size())
        return ir::AttrValue(std::vector<std::string>(list.s().begin(), list.s().end()));
      if (list.i_size())
        return ir::AttrValue(std::vector<int64_t>(list.i().begin(), list.i().end()));
      if (list.f_size()) return ir::AttrValue(std::vector<float>(list.f().begin(), list.f().end()));
      if (list.b_size()) return ir::AttrValue(std::vector<bool>(list.b().begin(), list.b().end()));
      if (list.type_size()) {
        std::vector<ir::DType> types;
        for (int t : list.type()) types.push_back(ir::DTypeFromProto(t));
        return ir::AttrValue(types);
      }
      if (list.shape_size()) {
        std::vector<ir::PartialShape> shapes;
        for (const auto& s : list.shape()) shapes.push_back(ShapeFromProto(s));
        return ir::AttrValue(shapes);
      }
      // Tensor and function lists are not used by supported ops.
      return ir::AttrValue(std::vector<int64_t>{});
    }
    case AttrValue::VALUE_NOT_SET: return ir::AttrValue(std::vector<int64_t>{});
  }
  return absl::InvalidArgumentError("unknown attribute kind");
}

}  // namespace tfaot::import
