#include "compiler/ir/tensor.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "absl/strings/str_join.h"
#include "runtime/half.h"

namespace tfaot::ir {

int64_t NumElements(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int64_t CheckedByteSize(DType dtype, const Shape& shape) {
  int64_t bytes = DTypeSize(dtype);
  for (int64_t d : shape) {
    if (d < 0) return -1;
    if (d != 0 && bytes > kMaxTensorBytes / d) return -1;
    bytes *= d;
  }
  return bytes;
}

std::string ShapeToString(const Shape& shape) {
  return "[" + absl::StrJoin(shape, ",") + "]";
}

std::vector<int64_t> RowMajorStrides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

Tensor::Tensor(DType dtype, Shape shape)
    : dtype_(dtype),
      shape_(std::move(shape)),
      bytes_(static_cast<size_t>(NumElements(shape_) * DTypeSize(dtype)), 0) {}

double Tensor::AsDouble(int64_t i) const {
  if (dtype_ == DType::kHalf) return rt::ew::HalfToFloat(data<uint16_t>()[i]);
  double result = 0;
  VisitDType(dtype_, [&](auto zero) {
    using T = decltype(zero);
    result = static_cast<double>(data<T>()[i]);
  });
  return result;
}

namespace {

// A float outside int64's range (or NaN) has no int64 value, and converting
// it is undefined behaviour; a graph's constants can hold anything, so
// saturate instead (found by tests/fuzz/graphdef_fuzz.cc).
int64_t SaturatingInt64(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9223372036854775808.0) return std::numeric_limits<int64_t>::max();
  if (v < -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

}  // namespace

int64_t Tensor::AsInt64(int64_t i) const {
  if (dtype_ == DType::kHalf) return SaturatingInt64(AsDouble(i));
  int64_t result = 0;
  VisitDType(dtype_, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      result = SaturatingInt64(static_cast<double>(data<T>()[i]));
    } else {
      result = static_cast<int64_t>(data<T>()[i]);
    }
  });
  return result;
}

std::vector<int64_t> Tensor::ToInt64Vector() const {
  std::vector<int64_t> out(num_elements());
  for (int64_t i = 0; i < num_elements(); ++i) out[i] = AsInt64(i);
  return out;
}

Tensor Tensor::Reshaped(Shape shape) const {
  Tensor t = *this;
  t.shape_ = std::move(shape);
  return t;
}

}  // namespace tfaot::ir
