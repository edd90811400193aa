#include "compiler/codegen/code_writer.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"

namespace tfaot::codegen {

void CodeWriter::Line(const std::string& text) {
  if (!text.empty()) text_.append(static_cast<size_t>(depth_) * 2, ' ');
  text_ += text;
  text_ += '\n';
}

void CodeWriter::Open(const std::string& text) {
  Line(text);
  Indent();
}

void CodeWriter::Close(const std::string& closer) {
  Dedent();
  Line(closer);
}

namespace {

template <typename F>
std::string NonFinite(F v, const char* type) {
  if (std::isnan(v)) return absl::StrCat("std::numeric_limits<", type, ">::quiet_NaN()");
  return absl::StrCat(v < 0 ? "-" : "", "std::numeric_limits<", type, ">::infinity()");
}

}  // namespace

std::string FloatLiteral(float v) {
  if (!std::isfinite(v)) return NonFinite(v, "float");
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%af", static_cast<double>(v));
  return buf;
}

std::string DoubleLiteral(double v) {
  if (!std::isfinite(v)) return NonFinite(v, "double");
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%a", v);
  return buf;
}

std::string DecimalComment(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

std::string ElementLiteral(const ir::Tensor& t, int64_t i) {
  switch (t.dtype()) {
    case ir::DType::kFloat: return FloatLiteral(t.data<float>()[i]);
    case ir::DType::kDouble: return DoubleLiteral(t.data<double>()[i]);
    case ir::DType::kBool: return t.data<bool>()[i] ? "true" : "false";
    case ir::DType::kInt64: {
      int64_t v = t.data<int64_t>()[i];
      // The most negative value has no literal of its own.
      if (v == INT64_MIN) return "(-INT64_C(9223372036854775807) - 1)";
      return absl::StrCat("int64_t{", v, "}");
    }
    case ir::DType::kUInt64: return absl::StrCat("uint64_t{", t.data<uint64_t>()[i], "u}");
    // Half values are their IEEE bits (see runtime/half.h).
    case ir::DType::kHalf: return absl::StrCat("uint16_t{", t.data<uint16_t>()[i], "}");
    case ir::DType::kInt32: {
      int32_t v = t.data<int32_t>()[i];
      if (v == INT32_MIN) return "(-int32_t{2147483647} - 1)";
      return absl::StrCat("int32_t{", v, "}");
    }
    default: {
      // Narrow and unsigned types: values fit an int64_t literal.
      std::string type = ir::DTypeCppName(t.dtype());
      return absl::StrCat(type, "{", t.AsInt64(i), "}");
    }
  }
}

std::string TypeComment(const ir::Value& v) {
  return ir::DTypeName(v.dtype) + ir::ShapeToString(v.shape);
}

std::string SanitizeIdentifier(const std::string& name) {
  static const std::set<std::string> kReserved = {
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char",
      "class", "const", "constexpr", "continue", "default", "delete", "do", "double", "else",
      "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
      "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "nullptr",
      "operator", "or", "private", "protected", "public", "register", "return", "short",
      "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw", "true",
      "try", "typedef", "typename", "union", "unsigned", "using", "virtual", "void",
      "volatile", "while", "xor", "arena", "base", "std", "tfaot", "ew", "RunGraph",
      "pool", "task_begin", "task_end",  // RunGraph's pool, parallel loops' ranges
      // The rest of C++20's keywords and alternative tokens, and C's
      // `restrict` (the header's C entry point names its parameters).
      "and_eq", "bitand", "bitor", "char8_t", "char16_t", "char32_t", "co_await",
      "co_return", "co_yield", "compl", "concept", "const_cast", "consteval", "constinit",
      "decltype", "dynamic_cast", "not_eq", "or_eq", "reinterpret_cast", "requires",
      "static_assert", "static_cast", "thread_local", "typeid", "wchar_t", "xor_eq",
      "restrict"};
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "n_" + out;
  // Names with a double underscore or _Capital are reserved in C++.
  while (out.find("__") != std::string::npos) out.replace(out.find("__"), 2, "_");
  if (out[0] == '_') out = "n" + out;
  // Loop indices of fused loops are i0, i1, ...
  bool loop_index = out.size() > 1 && out[0] == 'i' &&
                    out.find_first_not_of("0123456789", 1) == std::string::npos;
  if (kReserved.count(out) || loop_index) out += "_";
  return out;
}

}  // namespace tfaot::codegen
