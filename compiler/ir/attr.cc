#include "compiler/ir/attr.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfaot::ir {

bool PartialShape::IsFullyDefined() const {
  if (unknown_rank) return false;
  for (int64_t d : dims)
    if (d < 0) return false;
  return true;
}

std::string PartialShape::ToString() const {
  if (unknown_rank) return "<unknown rank>";
  std::vector<std::string> parts;
  for (int64_t d : dims) parts.push_back(d < 0 ? "?" : absl::StrCat(d));
  return "[" + absl::StrJoin(parts, ",") + "]";
}

namespace {

struct Printer {
  std::string operator()(int64_t v) const { return absl::StrCat(v); }
  std::string operator()(float v) const { return absl::StrCat(v); }
  std::string operator()(bool v) const { return v ? "true" : "false"; }
  std::string operator()(const std::string& v) const { return "\"" + v + "\""; }
  std::string operator()(DType v) const { return DTypeName(v); }
  std::string operator()(const PartialShape& v) const { return v.ToString(); }
  std::string operator()(const Tensor& v) const {
    return absl::StrCat("tensor<", DTypeShortName(v.dtype()), ShapeToString(v.shape()), ">");
  }
  std::string operator()(const FuncAttr& v) const { return "@" + v.name; }
  std::string operator()(const std::vector<int64_t>& v) const {
    return "[" + absl::StrJoin(v, ",") + "]";
  }
  std::string operator()(const std::vector<float>& v) const {
    return "[" + absl::StrJoin(v, ",") + "]";
  }
  std::string operator()(const std::vector<bool>& v) const {
    std::vector<std::string> parts;
    for (bool b : v) parts.push_back(b ? "true" : "false");
    return "[" + absl::StrJoin(parts, ",") + "]";
  }
  std::string operator()(const std::vector<std::string>& v) const {
    return "[\"" + absl::StrJoin(v, "\",\"") + "\"]";
  }
  std::string operator()(const std::vector<DType>& v) const {
    std::vector<std::string> parts;
    for (DType t : v) parts.push_back(DTypeName(t));
    return "[" + absl::StrJoin(parts, ",") + "]";
  }
  std::string operator()(const std::vector<PartialShape>& v) const {
    std::vector<std::string> parts;
    for (const auto& s : v) parts.push_back(s.ToString());
    return "[" + absl::StrJoin(parts, ",") + "]";
  }
};

}  // namespace

std::string AttrValueToString(const AttrValue& value) { return std::visit(Printer{}, value); }

}  // namespace tfaot::ir
