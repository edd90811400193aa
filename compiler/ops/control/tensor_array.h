// TensorArrays as values (ops/control/tensor_array.cc). functionalize turns
// TensorFlow's resource handle + flow scalar into one array value of shape
// [size, element...]; the TensorArray ops below read it or return it updated.
#ifndef TFAOT_COMPILER_OPS_CONTROL_TENSOR_ARRAY_H_
#define TFAOT_COMPILER_OPS_CONTROL_TENSOR_ARRAY_H_

#include <string>

#include "absl/status/status.h"
#include "compiler/ir/graph.h"

namespace tfaot::ops {

// A TensorArrayV3 without a full element_shape gives a value whose dtype and
// size are known and whose element shape is not (shape_known false, shape
// [size]) until the first write tells it. Only these ops may read such a value.
bool AcceptsUnknownElementShape(const std::string& op);

// Gives `array` (output 0 of a TensorArrayV3 whose element shape was not
// known) the full shape `shape` = [size, element...], and the zeros it starts
// as. An error when `array` comes from anywhere else: tfaotc learns an
// element shape only from a write right after the TensorArray or inside a
// loop it enters.
absl::Status ResolveTensorArrayShape(const ir::ValueRef& array, const ir::Shape& shape,
                                     const ir::Node& writer);

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_CONTROL_TENSOR_ARRAY_H_
