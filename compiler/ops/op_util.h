// Helpers shared by op definitions: operand checks with errors that name the
// node, numpy broadcasting, and dtype dispatch for evaluators.
#ifndef TFAOT_COMPILER_OPS_OP_UTIL_H_
#define TFAOT_COMPILER_OPS_OP_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"

namespace tfaot::ops {

// Dtype sets as bit masks over ir::DType values.
constexpr uint64_t DTypeBit(ir::DType t) { return uint64_t{1} << static_cast<int>(t); }
constexpr uint64_t kFloatTypes = DTypeBit(ir::DType::kFloat) | DTypeBit(ir::DType::kDouble);
constexpr uint64_t kIntegerTypes =
    DTypeBit(ir::DType::kInt8) | DTypeBit(ir::DType::kInt16) | DTypeBit(ir::DType::kInt32) |
    DTypeBit(ir::DType::kInt64) | DTypeBit(ir::DType::kUInt8) | DTypeBit(ir::DType::kUInt16) |
    DTypeBit(ir::DType::kUInt32) | DTypeBit(ir::DType::kUInt64);
constexpr uint64_t kNumericTypes = kFloatTypes | kIntegerTypes;
constexpr uint64_t kBoolTypes = DTypeBit(ir::DType::kBool);
constexpr uint64_t kAllTypes = kNumericTypes | kBoolTypes;
// With half, for the ops that only move or convert its bits (Cast, Bitcast).
constexpr uint64_t kAllTypesWithHalf = kAllTypes | DTypeBit(ir::DType::kHalf);

template <typename T>
constexpr bool InTypeSet(uint64_t set) {
  return (set & DTypeBit(ir::DTypeOf<T>())) != 0;
}

// Errors unless the node has exactly `n` (or between min and max) inputs.
absl::Status ExpectInputs(const ir::Node& node, int n);
absl::Status ExpectInputsBetween(const ir::Node& node, int min, int max);
// Errors unless input i's dtype is in `set`.
absl::Status ExpectDType(const ir::Node& node, int input, uint64_t set);
// Errors unless inputs [first, last) share one dtype.
absl::Status ExpectSameDType(const ir::Node& node, int first, int last);
// The constant value of input i; an error saying the operand must be known at
// compile time when it is not (shape operands of Reshape, axes, ...). The
// error carries the producer's name as a payload (see NodeWhoseValueIsNeeded)
// so that `tfaotc run`, which has the feeds' values, can compile the feeds
// behind it as constants instead.
absl::StatusOr<const ir::Tensor*> RequireConstantInput(const ir::Node& node, int input,
                                                       const char* what);
// The node RequireConstantInput's error says must be known at compile time,
// or "" for any other status.
std::string NodeWhoseValueIsNeeded(const absl::Status& status);

// Numpy broadcasting of two shapes; the error names the node and both shapes.
absl::StatusOr<ir::Shape> BroadcastShapes(const ir::Node& node, const ir::Shape& a,
                                          const ir::Shape& b);
// `t` broadcast to `shape` (which BroadcastShapes must accept).
ir::Tensor BroadcastTensor(const ir::Tensor& t, const ir::Shape& shape);
// Per-dimension strides of a value of shape `in` read at the indices of a
// broadcast result of shape `out`: 0 where `in` is broadcast.
std::vector<int64_t> BroadcastStrides(const ir::Shape& in, const ir::Shape& out);

// A negative axis counts from the end; errors when out of [-rank, rank).
absl::StatusOr<int64_t> NormalizeAxis(const ir::Node& node, int64_t axis, int64_t rank);

// Copies an input's dtype and shape to output 0 (Identity-like ops).
absl::Status InferSameAsInput(ir::Node& node);

// "func(a, b)": an elementwise step's expression.
std::string CallExpr(const std::string& func, const std::vector<std::string>& args);

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_OP_UTIL_H_
