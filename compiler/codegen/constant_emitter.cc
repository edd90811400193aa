#include "compiler/codegen/constant_emitter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace tfaot::codegen {
namespace {

// Past this size, weights are written as one string literal of their
// bytes: the C++ compiler lexes that in a blink, while parsing millions
// of float literals takes it tens of seconds.
constexpr int64_t kMaxLiteralArrayBytes = 16 * 1024;

// Printable ASCII bytes as themselves, the others as three-digit octal
// escapes (a digit after one is not part of it): about 2.9 source
// characters per byte of float weights instead of 4 for \xNN, which is
// most of what the C++ compiler spends on a large model's weights.
void EmitConstantBytes(CodeWriter& w, const std::string& node_name, const std::string& name,
                       const ir::Value& v, const ir::Tensor& t) {
  w.Line(absl::StrCat("// ", node_name, ": ", TypeComment(v), ", ", t.byte_size(),
                      " bytes, little-endian (too many for readable literals)"));
  w.Line(absl::StrCat("alignas(64) const char ", name, "_bytes[", t.byte_size() + 1, "] ="));
  std::string line;
  for (int64_t b = 0; b < t.byte_size(); ++b) {
    unsigned char c = static_cast<unsigned char>(t.raw()[b]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      line += static_cast<char>(c);
    } else {
      line += '\\';
      line += static_cast<char>('0' + (c >> 6));
      line += static_cast<char>('0' + ((c >> 3) & 7));
      line += static_cast<char>('0' + (c & 7));
    }
    if (line.size() >= 96 || b + 1 == t.byte_size()) {
      w.Line("    \"" + line + "\"" + (b + 1 == t.byte_size() ? ";" : ""));
      line.clear();
    }
  }
  std::string type = ir::DTypeCppName(t.dtype());
  w.Line(absl::StrCat("const ", type, "* const ", name, " = reinterpret_cast<const ", type, "*>(",
                      name, "_bytes);"));
}

}  // namespace

void EmitConstant(CodeWriter& w, const std::string& what, const std::string& name,
                  const ir::Value& v, const ir::Tensor& t) {
  int64_t n = t.num_elements();
  if (t.byte_size() > kMaxLiteralArrayBytes) {
    EmitConstantBytes(w, what, name, v, t);
    return;
  }
  w.Line(absl::StrCat("// ", what, ": ", TypeComment(v)));
  w.Line(absl::StrCat("alignas(64) const ", ir::DTypeCppName(t.dtype()), " ", name, "[",
                      std::max<int64_t>(n, 1), "] = {"));
  std::string line = "   ";
  for (int64_t e = 0; e < n; ++e) {
    absl::StrAppend(&line, " ", ElementLiteral(t, e), ",");
    if (line.size() > 90 || e + 1 == n) {
      w.Line(line);
      line = "   ";
    }
  }
  w.Line("};");
}

}  // namespace tfaot::codegen
