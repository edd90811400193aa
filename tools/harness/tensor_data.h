// What the gen_test and gen_benchmark harnesses (model_test.h,
// model_benchmark.h) need to handle a generated class's feeds and fetches
// generically: its dtypes by TensorFlow name (the class's kArgDTypes and
// kResultDTypes), a fixed fill pattern for feeds without data, and .npy
// files. Header-only and standard C++ only: it is built in the consumer's
// workspace next to each model.
#ifndef TFAOT_TOOLS_HARNESS_TENSOR_DATA_H_
#define TFAOT_TOOLS_HARNESS_TENSOR_DATA_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/half.h"

namespace tfaot::harness {

enum class Kind { kFloat, kHalf, kSigned, kUnsigned, kBool };

struct DTypeInfo {
  const char* name;       // TensorFlow's: "float", "int32", ...
  Kind kind;
  size_t size;            // bytes per element
  const char* npy_descr;  // numpy's little-endian descr
};

inline const DTypeInfo* FindDType(const std::string& name) {
  static const DTypeInfo kDTypes[] = {
      {"float", Kind::kFloat, 4, "<f4"},     {"double", Kind::kFloat, 8, "<f8"},
      {"half", Kind::kHalf, 2, "<f2"},       {"int8", Kind::kSigned, 1, "|i1"},
      {"int16", Kind::kSigned, 2, "<i2"},    {"int32", Kind::kSigned, 4, "<i4"},
      {"int64", Kind::kSigned, 8, "<i8"},    {"uint8", Kind::kUnsigned, 1, "|u1"},
      {"uint16", Kind::kUnsigned, 2, "<u2"}, {"uint32", Kind::kUnsigned, 4, "<u4"},
      {"uint64", Kind::kUnsigned, 8, "<u8"}, {"bool", Kind::kBool, 1, "|b1"},
  };
  for (const DTypeInfo& t : kDTypes)
    if (name == t.name) return &t;
  return nullptr;
}

// Element i of a float or half tensor as a double (exact).
inline double FloatingElement(const DTypeInfo& t, const void* data, size_t i) {
  const char* p = static_cast<const char*>(data) + i * t.size;
  if (t.kind == Kind::kHalf) {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return rt::ew::HalfToFloat(h);
  }
  if (t.size == 4) {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  double d;
  std::memcpy(&d, p, 8);
  return d;
}

// Fills a feed without test data: floats in [0.1, 1) (positive, so Log,
// Sqrt and Rsqrt stay finite; varied, so no two neighbours are equal),
// integers 0 (valid as any index), bools false. Deterministic.
inline void FillPattern(const DTypeInfo& t, void* data, size_t bytes) {
  std::memset(data, 0, bytes);
  if (t.kind != Kind::kFloat && t.kind != Kind::kHalf) return;
  char* p = static_cast<char*>(data);
  for (size_t i = 0; i < bytes / t.size; ++i) {
    double frac = std::fmod(static_cast<double>(i) * 0.6180339887498949, 1.0);
    float v = static_cast<float>(0.1 + 0.9 * frac);
    if (t.kind == Kind::kHalf) {
      uint16_t h = rt::ew::FloatToHalf(v);
      std::memcpy(p + i * 2, &h, 2);
    } else if (t.size == 4) {
      std::memcpy(p + i * 4, &v, 4);
    } else {
      double d = v;
      std::memcpy(p + i * 8, &d, 8);
    }
  }
}

// A .npy file (format 1.0-3.0, C order, little-endian).
struct NpyArray {
  std::string descr;  // "<f4", "|b1", ...
  std::vector<int64_t> shape;
  std::vector<char> data;
};

// Reads `path`; on failure returns false with `error` saying why.
inline bool ReadNpy(const std::string& path, NpyArray* array, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open";
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
    *error = path + ": not a .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len, header_start;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      *error = path + ": truncated .npy header";
      return false;
    }
    header_len = 0;
    for (int b = 3; b >= 0; --b) header_len = header_len << 8 | static_cast<unsigned char>(bytes[8 + b]);
    header_start = 12;
  } else {
    *error = path + ": unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (bytes.size() < header_start + header_len) {
    *error = path + ": truncated .npy header";
    return false;
  }
  const std::string header = bytes.substr(header_start, header_len);
  auto value_of = [&](const std::string& key) -> std::string {
    size_t at = header.find("'" + key + "'");
    if (at == std::string::npos) return "";
    at = header.find(':', at);
    return at == std::string::npos ? "" : header.substr(at + 1);
  };
  std::string descr = value_of("descr");
  size_t q1 = descr.find('\''), q2 = descr.find('\'', q1 + 1);
  if (q1 == std::string::npos || q2 == std::string::npos) {
    *error = path + ": .npy header has no descr";
    return false;
  }
  array->descr = descr.substr(q1 + 1, q2 - q1 - 1);
  if (value_of("fortran_order").compare(0, 5, " True") == 0) {
    *error = path + ": Fortran-order .npy; save a C-order array (np.ascontiguousarray)";
    return false;
  }
  std::string shape = value_of("shape");
  size_t open = shape.find('('), close = shape.find(')');
  if (open == std::string::npos || close == std::string::npos) {
    *error = path + ": .npy header has no shape";
    return false;
  }
  array->shape.clear();
  for (size_t i = open + 1; i < close;) {
    if (shape[i] < '0' || shape[i] > '9') {
      ++i;
      continue;
    }
    int64_t dim = 0;
    for (; i < close && shape[i] >= '0' && shape[i] <= '9'; ++i) dim = dim * 10 + (shape[i] - '0');
    array->shape.push_back(dim);
  }
  array->data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header_start + header_len),
                     bytes.end());
  return true;
}

inline std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace tfaot::harness

#endif  // TFAOT_TOOLS_HARNESS_TENSOR_DATA_H_
