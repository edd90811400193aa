#include "compiler/import/checkpoint/tensor_util.h"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfaot::checkpoint {

using tensorflow::DataType;

int DataTypeSize(DataType dtype) {
  switch (BaseType(dtype)) {
    case tensorflow::DT_BOOL:
    case tensorflow::DT_INT8:
    case tensorflow::DT_UINT8:
    case tensorflow::DT_QINT8:
    case tensorflow::DT_QUINT8:
      return 1;
    case tensorflow::DT_INT16:
    case tensorflow::DT_UINT16:
    case tensorflow::DT_QINT16:
    case tensorflow::DT_QUINT16:
    case tensorflow::DT_HALF:
    case tensorflow::DT_BFLOAT16:
      return 2;
    case tensorflow::DT_FLOAT:
    case tensorflow::DT_INT32:
    case tensorflow::DT_UINT32:
    case tensorflow::DT_QINT32:
      return 4;
    case tensorflow::DT_DOUBLE:
    case tensorflow::DT_INT64:
    case tensorflow::DT_UINT64:
    case tensorflow::DT_COMPLEX64:
      return 8;
    case tensorflow::DT_COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

std::string DataTypeName(DataType dtype) {
  bool ref = dtype > 100;
  std::string name = tensorflow::DataType_Name(BaseType(dtype));
  if (name.empty()) return absl::StrCat("dtype(", static_cast<int>(dtype), ")");
  std::string lower;
  for (char c : name.substr(3)) lower += static_cast<char>(std::tolower(c));
  return ref ? lower + "_ref" : lower;
}

DataType BaseType(DataType dtype) {
  int v = static_cast<int>(dtype);
  if (v > 100 && tensorflow::DataType_IsValid(v - 100)) {
    return static_cast<DataType>(v - 100);
  }
  return dtype;
}

std::string ShapeString(const tensorflow::TensorShapeProto& shape) {
  if (shape.unknown_rank()) return "<unknown>";
  return absl::StrCat(
      "[",
      absl::StrJoin(shape.dim(), ",",
                    [](std::string* out, const auto& d) {
                      absl::StrAppend(out, d.size() < 0 ? std::string("?")
                                                        : absl::StrCat(d.size()));
                    }),
      "]");
}

absl::StatusOr<int64_t> NumElements(const tensorflow::TensorShapeProto& shape,
                                    const std::string& what) {
  if (shape.unknown_rank()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " has a shape of unknown rank"));
  }
  int64_t n = 1;
  for (const auto& d : shape.dim()) {
    if (d.size() < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " has an unknown or negative dimension in shape ",
          ShapeString(shape)));
    }
    if (d.size() != 0 && n > std::numeric_limits<int64_t>::max() / d.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " has a shape too large to address: ",
                       ShapeString(shape)));
    }
    n *= d.size();
  }
  return n;
}

bool IsFullyDefined(const tensorflow::TensorShapeProto& shape) {
  if (shape.unknown_rank()) return false;
  for (const auto& d : shape.dim()) {
    if (d.size() < 0) return false;
  }
  return true;
}

bool ShapeCompatible(const tensorflow::TensorShapeProto& declared,
                     const tensorflow::TensorShapeProto& actual) {
  if (declared.unknown_rank()) return true;
  if (declared.dim_size() != actual.dim_size()) return false;
  for (int i = 0; i < declared.dim_size(); ++i) {
    int64_t d = declared.dim(i).size();
    if (d >= 0 && d != actual.dim(i).size()) return false;
  }
  return true;
}

}  // namespace tfaot::checkpoint
