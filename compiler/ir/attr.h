// Typed node attributes, converted once from TensorFlow's AttrValue at import
// so ops read `strides` as a vector<int64_t>, not as a proto.
#ifndef TFAOT_COMPILER_IR_ATTR_H_
#define TFAOT_COMPILER_IR_ATTR_H_

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/dtype.h"
#include "compiler/ir/tensor.h"

namespace tfaot::ir {

// A shape attribute may be partial: -1 for an unknown dimension, or unknown
// rank altogether (Placeholder's `shape`).
struct PartialShape {
  bool unknown_rank = true;
  std::vector<int64_t> dims;

  bool IsFullyDefined() const;
  std::string ToString() const;
  bool operator==(const PartialShape& o) const {
    return unknown_rank == o.unknown_rank && dims == o.dims;
  }
};

// A function reference (NameAttrList); kept only to name it in errors.
struct FuncAttr {
  std::string name;
  bool operator==(const FuncAttr& o) const { return name == o.name; }
};

// An empty TensorFlow list has no element type; it is stored as an empty
// vector<int64_t> and every list getter accepts it.
using AttrValue = std::variant<int64_t, float, bool, std::string, DType, PartialShape,
                               Tensor, FuncAttr, std::vector<int64_t>, std::vector<float>,
                               std::vector<bool>, std::vector<std::string>,
                               std::vector<DType>, std::vector<PartialShape>>;

// std::map keeps iteration (printing, hashing) deterministic.
using AttrMap = std::map<std::string, AttrValue>;

std::string AttrValueToString(const AttrValue& value);

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_ATTR_H_
