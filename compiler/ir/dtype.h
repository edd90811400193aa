// Element types of tensor values. The numbers are TensorFlow's DataType enum
// values so conversion from the proto is a range check, not a table.
#ifndef TFAOT_COMPILER_IR_DTYPE_H_
#define TFAOT_COMPILER_IR_DTYPE_H_

#include <cstdint>
#include <string>

namespace tfaot::ir {

enum class DType : int {
  kInvalid = 0,
  kFloat = 1,
  kDouble = 2,
  kInt32 = 3,
  kUInt8 = 4,
  kInt16 = 5,
  kInt8 = 6,
  kString = 7,
  kInt64 = 9,
  kBool = 10,
  kUInt16 = 17,
  kHalf = 19,
  kUInt32 = 22,
  kUInt64 = 23,
};

// True for the dtypes tensors may have in tfaot's IR (numbers and bool).
bool IsSupportedDType(DType t);
bool IsFloating(DType t);  // half, float, double
bool IsInteger(DType t);   // signed and unsigned integers, not bool
bool IsSigned(DType t);

// Bytes per element.
int64_t DTypeSize(DType t);
// Short form used by the IR printer: f32, i64, bool, ...
std::string DTypeShortName(DType t);
// TensorFlow's name: float, int32, ... (used in messages and --list-ops).
std::string DTypeName(DType t);
// The C++ element type in generated code: float, int32_t, ...
std::string DTypeCppName(DType t);
// From TensorFlow's DataType number; reference types (n+100) map to n.
DType DTypeFromProto(int proto_dtype);

// Calls fn(T{}) with T the C++ type of `t`. Returns false for dtypes without a
// C++ arithmetic type here (half, string).
template <typename Fn>
bool VisitDType(DType t, Fn&& fn) {
  switch (t) {
    case DType::kFloat: fn(float{}); return true;
    case DType::kDouble: fn(double{}); return true;
    case DType::kInt32: fn(int32_t{}); return true;
    case DType::kInt64: fn(int64_t{}); return true;
    case DType::kUInt8: fn(uint8_t{}); return true;
    case DType::kInt8: fn(int8_t{}); return true;
    case DType::kInt16: fn(int16_t{}); return true;
    case DType::kUInt16: fn(uint16_t{}); return true;
    case DType::kUInt32: fn(uint32_t{}); return true;
    case DType::kUInt64: fn(uint64_t{}); return true;
    case DType::kBool: fn(bool{}); return true;
    default: return false;
  }
}

template <typename T> constexpr DType DTypeOf();
template <> constexpr DType DTypeOf<float>() { return DType::kFloat; }
template <> constexpr DType DTypeOf<double>() { return DType::kDouble; }
template <> constexpr DType DTypeOf<int32_t>() { return DType::kInt32; }
template <> constexpr DType DTypeOf<int64_t>() { return DType::kInt64; }
template <> constexpr DType DTypeOf<uint8_t>() { return DType::kUInt8; }
template <> constexpr DType DTypeOf<int8_t>() { return DType::kInt8; }
template <> constexpr DType DTypeOf<int16_t>() { return DType::kInt16; }
template <> constexpr DType DTypeOf<uint16_t>() { return DType::kUInt16; }
template <> constexpr DType DTypeOf<uint32_t>() { return DType::kUInt32; }
template <> constexpr DType DTypeOf<uint64_t>() { return DType::kUInt64; }
template <> constexpr DType DTypeOf<bool>() { return DType::kBool; }

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_DTYPE_H_
