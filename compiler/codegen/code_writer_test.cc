#include "compiler/codegen/code_writer.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace tfaot::codegen {
namespace {

uint32_t Bits(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return b;
}
uint64_t Bits(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return b;
}

// Parses a float literal as the C++ compiler would: a hex float with an `f`
// suffix, which strtof reads exactly.
float ParseFloatLiteral(const std::string& literal) {
  EXPECT_EQ(literal.back(), 'f') << literal;
  std::string body = literal.substr(0, literal.size() - 1);
  EXPECT_NE(body.find("0x"), std::string::npos) << literal;
  char* end = nullptr;
  float v = std::strtof(body.c_str(), &end);
  EXPECT_EQ(*end, '\0') << literal;
  return v;
}

double ParseDoubleLiteral(const std::string& literal) {
  EXPECT_NE(literal.find("0x"), std::string::npos) << literal;
  char* end = nullptr;
  double v = std::strtod(literal.c_str(), &end);
  EXPECT_EQ(*end, '\0') << literal;
  return v;
}

std::vector<float> InterestingFloats() {
  using L = std::numeric_limits<float>;
  std::vector<float> v = {0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 1.0f / 3.0f, 3.14159265f, 1e-20f,
                          1e20f, L::max(), L::lowest(), L::min(), -L::min(), L::denorm_min(),
                          -L::denorm_min(), L::min() / 3.0f, L::epsilon(), 16777217.0f,
                          0.5f, 2.5f, 123456.789f};
  // A spread of bit patterns across every exponent, finite ones only.
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1664525u + 1013904223u;
    float f;
    std::memcpy(&f, &x, 4);
    if (std::isfinite(f)) v.push_back(f);
  }
  return v;
}

TEST(CodeWriterTest, FloatLiteralsRoundTripExactly) {
  for (float f : InterestingFloats()) {
    std::string literal = FloatLiteral(f);
    ASSERT_EQ(Bits(ParseFloatLiteral(literal)), Bits(f)) << literal;
  }
}

TEST(CodeWriterTest, DoubleLiteralsRoundTripExactly) {
  using L = std::numeric_limits<double>;
  std::vector<double> values = {0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, L::max(), L::lowest(),
                                L::min(), L::denorm_min(), -L::denorm_min(), L::epsilon()};
  uint64_t x = 987654321;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    double d;
    std::memcpy(&d, &x, 8);
    if (std::isfinite(d)) values.push_back(d);
  }
  for (double d : values) {
    std::string literal = DoubleLiteral(d);
    EXPECT_NE(literal.back(), 'f') << literal;
    ASSERT_EQ(Bits(ParseDoubleLiteral(literal)), Bits(d)) << literal;
  }
}

TEST(CodeWriterTest, SpecificFloatForms) {
  EXPECT_EQ(FloatLiteral(1.5f), "0x1.8p+0f");
  EXPECT_EQ(FloatLiteral(-0.0f), "-0x0p+0f");
  EXPECT_EQ(FloatLiteral(0.0f), "0x0p+0f");
  EXPECT_EQ(DoubleLiteral(0.25), "0x1p-2");
  EXPECT_EQ(FloatLiteral(std::numeric_limits<float>::denorm_min()), "0x1p-149f");
}

TEST(CodeWriterTest, NonFiniteValuesUseNumericLimits) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(FloatLiteral(inf), "std::numeric_limits<float>::infinity()");
  EXPECT_EQ(FloatLiteral(-inf), "-std::numeric_limits<float>::infinity()");
  EXPECT_EQ(FloatLiteral(std::numeric_limits<float>::quiet_NaN()),
            "std::numeric_limits<float>::quiet_NaN()");
  EXPECT_EQ(DoubleLiteral(-std::numeric_limits<double>::infinity()),
            "-std::numeric_limits<double>::infinity()");
  EXPECT_EQ(DoubleLiteral(std::numeric_limits<double>::quiet_NaN()),
            "std::numeric_limits<double>::quiet_NaN()");
}

TEST(CodeWriterTest, IntegerLiteralsIncludingTheMostNegative) {
  auto literal = [](auto v) {
    using T = decltype(v);
    return ElementLiteral(ir::Tensor::Scalar<T>(v), 0);
  };
  EXPECT_EQ(literal(int32_t{7}), "int32_t{7}");
  EXPECT_EQ(literal(int32_t{-7}), "int32_t{-7}");
  EXPECT_EQ(literal(std::numeric_limits<int32_t>::max()), "int32_t{2147483647}");
  // -2147483648 is `-(2147483648)`, a long: spelled as an expression instead.
  EXPECT_EQ(literal(std::numeric_limits<int32_t>::min()), "(-int32_t{2147483647} - 1)");
  EXPECT_EQ(literal(std::numeric_limits<int64_t>::max()), "int64_t{9223372036854775807}");
  EXPECT_EQ(literal(std::numeric_limits<int64_t>::min()),
            "(-INT64_C(9223372036854775807) - 1)");
  EXPECT_EQ(literal(std::numeric_limits<uint64_t>::max()), "uint64_t{18446744073709551615u}");
  EXPECT_EQ(literal(std::numeric_limits<uint32_t>::max()), "uint32_t{4294967295}");
  EXPECT_EQ(literal(int8_t{-128}), "int8_t{-128}");
  EXPECT_EQ(literal(uint8_t{255}), "uint8_t{255}");
  EXPECT_EQ(literal(int16_t{-32768}), "int16_t{-32768}");
  EXPECT_EQ(literal(true), "true");
  EXPECT_EQ(literal(false), "false");
  EXPECT_EQ(literal(0.5f), "0x1p-1f");
  EXPECT_EQ(literal(0.5), "0x1p-1");
}

TEST(CodeWriterTest, SanitizeIdentifier) {
  EXPECT_EQ(SanitizeIdentifier("dense/kernel"), "dense_kernel");
  EXPECT_EQ(SanitizeIdentifier("a-b.c:0"), "a_b_c_0");
  EXPECT_EQ(SanitizeIdentifier("x"), "x");
  EXPECT_EQ(SanitizeIdentifier("CamelCase9"), "CamelCase9");
  EXPECT_EQ(SanitizeIdentifier("1abc"), "n_1abc");
  EXPECT_EQ(SanitizeIdentifier(""), "n_");
  EXPECT_EQ(SanitizeIdentifier("a//b"), "a_b");      // no double underscore
  EXPECT_EQ(SanitizeIdentifier("_hidden"), "n_hidden");  // no leading underscore
  EXPECT_EQ(SanitizeIdentifier("__init__"), "n_init_");
  EXPECT_EQ(SanitizeIdentifier("_Bool"), "n_Bool");
  EXPECT_EQ(SanitizeIdentifier("caf\xc3\xa9"), "caf_");
  EXPECT_EQ(SanitizeIdentifier("class"), "class_");
  EXPECT_EQ(SanitizeIdentifier("new"), "new_");
  EXPECT_EQ(SanitizeIdentifier("arena"), "arena_");   // the generated code's own names
  EXPECT_EQ(SanitizeIdentifier("RunGraph"), "RunGraph_");
  EXPECT_EQ(SanitizeIdentifier("pool"), "pool_");
  EXPECT_EQ(SanitizeIdentifier("task_begin"), "task_begin_");
  EXPECT_EQ(SanitizeIdentifier("i0"), "i0_");         // fused loop indices
  EXPECT_EQ(SanitizeIdentifier("i12"), "i12_");
  EXPECT_EQ(SanitizeIdentifier("i"), "i");
  EXPECT_EQ(SanitizeIdentifier("i0a"), "i0a");
}

TEST(CodeWriterTest, EveryKeywordIsAvoided) {
  const char* keywords[] = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool",
      "break", "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl",
      "concept", "const", "consteval", "constexpr", "constinit", "const_cast", "continue",
      "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
      "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
      "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
      "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private",
      "protected", "public", "register", "reinterpret_cast", "requires", "return", "short",
      "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
      "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid",
      "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t",
      "while", "xor", "xor_eq",
      "restrict",  // C
  };
  for (const char* k : keywords) EXPECT_NE(SanitizeIdentifier(k), k) << k;
}

TEST(CodeWriterTest, WriterIndents) {
  CodeWriter w;
  w.Open("void f() {");
  w.Line("int a = 0;");
  w.Line("");
  w.Open("if (a) {");
  w.Line("a = 1;");
  w.Close();
  w.Close("}  // f");
  EXPECT_EQ(w.text(), "void f() {\n  int a = 0;\n\n  if (a) {\n    a = 1;\n  }\n}  // f\n");
}

}  // namespace
}  // namespace tfaot::codegen
