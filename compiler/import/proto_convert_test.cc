#include "compiler/import/proto_convert.h"

#include <cstring>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

tensorflow::TensorProto Proto(const std::string& text) {
  tensorflow::TensorProto t;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &t)) << text;
  return t;
}

template <typename T>
std::vector<T> Values(const ir::Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.num_elements());
}

TEST(ProtoConvertTest, TensorContentIsRawLittleEndianBytes) {
  tensorflow::TensorProto p = Proto("dtype: DT_FLOAT tensor_shape { dim { size: 2 } }");
  float values[2] = {1.5f, -2.0f};
  p.set_tensor_content(std::string(reinterpret_cast<const char*>(values), sizeof(values)));
  auto t = TensorFromProto(p);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Values<float>(*t), (std::vector<float>{1.5f, -2.0f}));
}

TEST(ProtoConvertTest, TensorContentOfTheWrongSizeIsAnError) {
  tensorflow::TensorProto p = Proto("dtype: DT_FLOAT tensor_shape { dim { size: 3 } }");
  p.set_tensor_content(std::string(8, '\0'));
  auto t = TensorFromProto(p);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "tensor_content has 8 bytes but shape [3] of float needs 12");
}

TEST(ProtoConvertTest, OneValueFillsTheShape) {
  auto t = TensorFromProto(
      Proto("dtype: DT_FLOAT tensor_shape { dim { size: 2 } dim { size: 2 } } float_val: 3"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->shape(), (ir::Shape{2, 2}));
  EXPECT_EQ(Values<float>(*t), (std::vector<float>{3, 3, 3, 3}));
}

TEST(ProtoConvertTest, TheLastValueRepeats) {
  auto t = TensorFromProto(
      Proto("dtype: DT_INT32 tensor_shape { dim { size: 5 } } int_val: 1 int_val: 2"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Values<int32_t>(*t), (std::vector<int32_t>{1, 2, 2, 2, 2}));
}

TEST(ProtoConvertTest, NoValuesMeansZeros) {
  auto t = TensorFromProto(Proto("dtype: DT_DOUBLE tensor_shape { dim { size: 3 } }"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Values<double>(*t), (std::vector<double>{0, 0, 0}));
}

TEST(ProtoConvertTest, NarrowIntegersComeFromIntVal) {
  auto i8 = TensorFromProto(
      Proto("dtype: DT_INT8 tensor_shape { dim { size: 2 } } int_val: -128 int_val: 127"));
  ASSERT_TRUE(i8.ok());
  EXPECT_EQ(Values<int8_t>(*i8), (std::vector<int8_t>{-128, 127}));
  auto i64 = TensorFromProto(Proto("dtype: DT_INT64 tensor_shape { } int64_val: -9000000000"));
  ASSERT_TRUE(i64.ok());
  EXPECT_EQ(i64->shape(), ir::Shape{});
  EXPECT_EQ(Values<int64_t>(*i64), (std::vector<int64_t>{-9000000000}));
  auto b = TensorFromProto(
      Proto("dtype: DT_BOOL tensor_shape { dim { size: 3 } } bool_val: false bool_val: true"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(Values<bool>(*b), (std::vector<bool>{false, true, true}));
}

TEST(ProtoConvertTest, BadTensorsAreErrors) {
  EXPECT_FALSE(TensorFromProto(Proto("dtype: DT_FLOAT tensor_shape { dim { size: -1 } }")).ok());
  EXPECT_FALSE(TensorFromProto(Proto("dtype: DT_FLOAT tensor_shape { unknown_rank: true }")).ok());
  EXPECT_FALSE(TensorFromProto(Proto("dtype: DT_INVALID")).ok());
}

TEST(ProtoConvertTest, Shapes) {
  tensorflow::TensorShapeProto s;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString("dim { size: -1 } dim { size: 3 }", &s));
  ir::PartialShape p = ShapeFromProto(s);
  EXPECT_FALSE(p.unknown_rank);
  EXPECT_EQ(p.ToString(), "[?,3]");
  EXPECT_FALSE(p.IsFullyDefined());
  tensorflow::TensorShapeProto unknown;
  unknown.set_unknown_rank(true);
  EXPECT_TRUE(ShapeFromProto(unknown).unknown_rank);
}

TEST(ProtoConvertTest, Attributes) {
  tensorflow::AttrValue a;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString("list { i: 1 i: 2 }", &a));
  auto v = AttrFromProto(a);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(std::get<std::vector<int64_t>>(*v), (std::vector<int64_t>{1, 2}));
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString("type: DT_INT64", &a));
  EXPECT_EQ(std::get<ir::DType>(*AttrFromProto(a)), ir::DType::kInt64);
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString("s: \"NCHW\"", &a));
  EXPECT_EQ(std::get<std::string>(*AttrFromProto(a)), "NCHW");
}

}  // namespace
}  // namespace tfaot::import
