// Small helpers on dtypes, shapes and TensorProtos shared by the checkpoint
// reader, the freezer and `tfaotc inspect`.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_UTIL_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "proto/tensor.pb.h"
#include "proto/types.pb.h"

namespace tfaot::checkpoint {

// Size in bytes of one element of a fixed-size dtype; 0 for strings,
// resources, variants and unknown values.
int DataTypeSize(tensorflow::DataType dtype);

// Lower-case TF name of a dtype ("float", "int64"), as inspect_checkpoint
// prints it.
std::string DataTypeName(tensorflow::DataType dtype);

// "[2,3]", "[]" for a scalar, "<unknown>" for unknown rank.
std::string ShapeString(const tensorflow::TensorShapeProto& shape);

// Element count of a fully known shape; an error (naming `what`) for
// negative dims or overflow.
absl::StatusOr<int64_t> NumElements(const tensorflow::TensorShapeProto& shape,
                                    const std::string& what);

// The non-reference dtype: DT_FLOAT for DT_FLOAT_REF (TF1 Variable outputs).
tensorflow::DataType BaseType(tensorflow::DataType dtype);

// True when every dim of `shape` is known (rank known, no -1).
bool IsFullyDefined(const tensorflow::TensorShapeProto& shape);

// True when a value of shape `actual` (fully known) can feed a declared
// `declared` shape that may have unknown rank or dims.
bool ShapeCompatible(const tensorflow::TensorShapeProto& declared,
                     const tensorflow::TensorShapeProto& actual);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_UTIL_H_
