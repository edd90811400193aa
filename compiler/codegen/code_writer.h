// Text output with indentation, and literals that round-trip exactly: floats
// as hexadecimal literals (with the decimal value in a comment), integers
// with their type so overloads and templates see the right C++ type.
#ifndef TFAOT_COMPILER_CODEGEN_CODE_WRITER_H_
#define TFAOT_COMPILER_CODEGEN_CODE_WRITER_H_

#include <string>

#include "compiler/ir/graph.h"
#include "compiler/ir/tensor.h"

namespace tfaot::codegen {

class CodeWriter {
 public:
  // Writes one line at the current indentation ("" writes an empty line).
  void Line(const std::string& text);
  void Indent() { ++depth_; }
  void Dedent() { --depth_; }
  // Line(text) then Indent(); Close() dedents and writes `closer`.
  void Open(const std::string& text);
  void Close(const std::string& closer = "}");
  void Raw(const std::string& text) { text_ += text; }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int depth_ = 0;
};

// An exact C++ expression of type `dtype` for element i of `t`, e.g.
// `0x1.8p+1f`, `int32_t{3}`, `std::numeric_limits<float>::infinity()`.
std::string ElementLiteral(const ir::Tensor& t, int64_t i);
// Exact literals of the given values.
std::string FloatLiteral(float v);
std::string DoubleLiteral(double v);
// A readable decimal form for comments (shortest round-trip).
std::string DecimalComment(double v);

// A value's dtype and shape as generated comments give them ("float[2,3]").
std::string TypeComment(const ir::Value& v);

// A C++ identifier from a TensorFlow name: [A-Za-z0-9_], never starting with
// a digit, never a reserved word.
std::string SanitizeIdentifier(const std::string& name);

}  // namespace tfaot::codegen

#endif  // TFAOT_COMPILER_CODEGEN_CODE_WRITER_H_
