#include "compiler/ir/dtype.h"

namespace tfaot::ir {

bool IsSupportedDType(DType t) {
  switch (t) {
    case DType::kFloat: case DType::kDouble: case DType::kInt32:
    case DType::kUInt8: case DType::kInt16: case DType::kInt8:
    case DType::kInt64: case DType::kBool: case DType::kUInt16:
    case DType::kHalf: case DType::kUInt32: case DType::kUInt64:
      return true;
    default:
      return false;
  }
}

bool IsFloating(DType t) {
  return t == DType::kFloat || t == DType::kDouble || t == DType::kHalf;
}

bool IsInteger(DType t) {
  switch (t) {
    case DType::kInt32: case DType::kUInt8: case DType::kInt16:
    case DType::kInt8: case DType::kInt64: case DType::kUInt16:
    case DType::kUInt32: case DType::kUInt64:
      return true;
    default:
      return false;
  }
}

bool IsSigned(DType t) {
  return IsFloating(t) || t == DType::kInt8 || t == DType::kInt16 ||
         t == DType::kInt32 || t == DType::kInt64;
}

int64_t DTypeSize(DType t) {
  switch (t) {
    case DType::kDouble: case DType::kInt64: case DType::kUInt64: return 8;
    case DType::kFloat: case DType::kInt32: case DType::kUInt32: return 4;
    case DType::kInt16: case DType::kUInt16: case DType::kHalf: return 2;
    case DType::kUInt8: case DType::kInt8: case DType::kBool: return 1;
    default: return 0;
  }
}

std::string DTypeShortName(DType t) {
  switch (t) {
    case DType::kFloat: return "f32";
    case DType::kDouble: return "f64";
    case DType::kHalf: return "f16";
    case DType::kInt8: return "i8";
    case DType::kInt16: return "i16";
    case DType::kInt32: return "i32";
    case DType::kInt64: return "i64";
    case DType::kUInt8: return "u8";
    case DType::kUInt16: return "u16";
    case DType::kUInt32: return "u32";
    case DType::kUInt64: return "u64";
    case DType::kBool: return "bool";
    case DType::kString: return "string";
    default: return "invalid";
  }
}

std::string DTypeName(DType t) {
  switch (t) {
    case DType::kFloat: return "float";
    case DType::kDouble: return "double";
    case DType::kHalf: return "half";
    case DType::kInt8: return "int8";
    case DType::kInt16: return "int16";
    case DType::kInt32: return "int32";
    case DType::kInt64: return "int64";
    case DType::kUInt8: return "uint8";
    case DType::kUInt16: return "uint16";
    case DType::kUInt32: return "uint32";
    case DType::kUInt64: return "uint64";
    case DType::kBool: return "bool";
    case DType::kString: return "string";
    default: return "invalid";
  }
}

std::string DTypeCppName(DType t) {
  switch (t) {
    case DType::kFloat: return "float";
    case DType::kDouble: return "double";
    case DType::kHalf: return "uint16_t";  // raw IEEE half bits
    case DType::kInt8: return "int8_t";
    case DType::kInt16: return "int16_t";
    case DType::kInt32: return "int32_t";
    case DType::kInt64: return "int64_t";
    case DType::kUInt8: return "uint8_t";
    case DType::kUInt16: return "uint16_t";
    case DType::kUInt32: return "uint32_t";
    case DType::kUInt64: return "uint64_t";
    case DType::kBool: return "bool";
    default: return "void";
  }
}

DType DTypeFromProto(int proto_dtype) {
  if (proto_dtype > 100) proto_dtype -= 100;
  DType t = static_cast<DType>(proto_dtype);
  if (IsSupportedDType(t) || t == DType::kString) return t;
  return DType::kInvalid;
}

}  // namespace tfaot::ir
