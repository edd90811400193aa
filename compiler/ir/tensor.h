// A dense, row-major tensor value known at compile time: constants from the
// graph, results of constant folding, and reference-evaluator values.
#ifndef TFAOT_COMPILER_IR_TENSOR_H_
#define TFAOT_COMPILER_IR_TENSOR_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/ir/dtype.h"

namespace tfaot::ir {

// Static shape: one size per dimension, all known (>= 0). Rank 0 is a scalar.
using Shape = std::vector<int64_t>;

int64_t NumElements(const Shape& shape);

// The largest tensor tfaot handles, and the largest constant it keeps in
// memory and in the generated object (protobuf caps an explicit one at 2 GiB).
constexpr int64_t kMaxTensorBytes = int64_t{1} << 36;    // 64 GiB
constexpr int64_t kMaxConstantBytes = int64_t{1} << 31;  // 2 GiB
// Bytes a tensor of `dtype` and `shape` holds; -1 when a dimension is negative
// or the size exceeds kMaxTensorBytes (computed without overflow).
int64_t CheckedByteSize(DType dtype, const Shape& shape);
// "[2,3]" — the printer's and the messages' form.
std::string ShapeToString(const Shape& shape);
// Row-major strides in elements.
std::vector<int64_t> RowMajorStrides(const Shape& shape);

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType dtype, Shape shape);  // zero-filled

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int64_t num_elements() const { return NumElements(shape_); }
  int64_t byte_size() const { return static_cast<int64_t>(bytes_.size()); }

  const char* raw() const { return bytes_.data(); }
  char* raw() { return bytes_.data(); }

  // Typed access; T must be the C++ type of dtype() (checked in debug).
  template <typename T> const T* data() const {
    return reinterpret_cast<const T*>(bytes_.data());
  }
  template <typename T> T* data() { return reinterpret_cast<T*>(bytes_.data()); }

  // Element i converted to double / int64 (any numeric dtype or bool).
  double AsDouble(int64_t i) const;
  int64_t AsInt64(int64_t i) const;
  // All elements as int64 (for shape-like operands: axes, sizes, perms).
  std::vector<int64_t> ToInt64Vector() const;

  // Same dtype, new shape with the same element count.
  Tensor Reshaped(Shape shape) const;

  bool BitwiseEquals(const Tensor& other) const {
    return dtype_ == other.dtype_ && shape_ == other.shape_ && bytes_ == other.bytes_;
  }

  template <typename T>
  static Tensor FromVector(const std::vector<T>& values, Shape shape) {
    Tensor t(DTypeOf<T>(), std::move(shape));
    for (size_t i = 0; i < values.size() && i < static_cast<size_t>(t.num_elements()); ++i)
      t.data<T>()[i] = values[i];
    return t;
  }
  template <typename T>
  static Tensor Scalar(T value) { return FromVector<T>({value}, {}); }

 private:
  DType dtype_ = DType::kInvalid;
  Shape shape_;
  // std::vector<double> would give 8-byte alignment; operator new already
  // aligns to 16, which every element type here needs at most.
  std::vector<char> bytes_;
};

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_TENSOR_H_
