// TensorFlow protos -> IR values: TensorProto -> ir::Tensor (tensor_content or
// the repeated *_val fields, where the last value fills the rest of the shape)
// and AttrValue -> ir::AttrValue.
#ifndef TFAOT_COMPILER_IMPORT_PROTO_CONVERT_H_
#define TFAOT_COMPILER_IMPORT_PROTO_CONVERT_H_

#include "absl/status/statusor.h"
#include "compiler/ir/attr.h"
#include "compiler/ir/tensor.h"
#include "proto/graph.pb.h"

namespace tfaot::import {

// Errors describe the problem; callers prefix the node name.
absl::StatusOr<ir::Tensor> TensorFromProto(const tensorflow::TensorProto& proto);
ir::PartialShape ShapeFromProto(const tensorflow::TensorShapeProto& proto);
absl::StatusOr<ir::AttrValue> AttrFromProto(const tensorflow::AttrValue& proto);

}  // namespace tfaot::import

#endif  // TFAOT_COMPILER_IMPORT_PROTO_CONVERT_H_
