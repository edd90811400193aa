#include "compiler/import/checkpoint/tensor_slices.h"

#include <cstring>

#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

// Expected bytes worked out by hand from OrderedCode's rules: numbers are a
// length byte plus big-endian bytes; strings escape 00/ff and end in 00 01;
// signed numbers in [-64, 64) are one byte 0x80 ^ v, larger ones carry
// their length in leading one-bits (2 bytes: 110xxxxx ...).
TEST(TensorSlicesTest, EncodesKeysLikeTensorFlow) {
  SliceExtents s{{0, 64}, {-1, 2}};
  std::string want("\x00"                  // WriteNumIncreasing(0)
                   "ab\x00\x01"            // WriteString("ab")
                   "\x01\x02"              // rank 2
                   "\x80\x7f"              // dim 0: start 0, length -1 (all)
                   "\xc0\x40\x82",         // dim 1: start 64, length 2
                   12);
  EXPECT_EQ(EncodeTensorNameSlice("ab", s), want);
}

TEST(TensorSlicesTest, EscapesNameBytesAndLargeNumbers) {
  SliceExtents s{{300}, {-65}};
  // 300 = 0x012c: 9 significant bits -> 2 bytes, 0xc0 | 0x01, 0x2c.
  // -65: ~(-65) = 64 -> 2 bytes of 0xffbf with the top bits flipped: 3f bf.
  std::string want("\x00" "a\x00\xff" "b\xff\x00" "\x00\x01" "\x01\x01"
                   "\xc1\x2c" "\x3f\xbf", 15);
  EXPECT_EQ(EncodeTensorNameSlice(std::string("a\0b\xff", 4), s), want);
}

std::string Floats(const std::vector<float>& v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), v.data(), s.size());
  return s;
}

TEST(TensorSlicesTest, CopiesSlicesIntoPlace) {
  // A 3x4 matrix split into columns [0,1] and [2,3] of all rows.
  std::vector<int64_t> dims = {3, 4};
  std::string full(12 * 4, '\0');
  int64_t copied = 0;
  ASSERT_TRUE(CopySliceInto(Floats({1, 2, 5, 6, 9, 10}), 4, dims,
                            {{0, 0}, {-1, 2}}, "v", &full, &copied).ok());
  ASSERT_TRUE(CopySliceInto(Floats({3, 4, 7, 8, 11, 12}), 4, dims,
                            {{0, 2}, {-1, 2}}, "v", &full, &copied).ok());
  EXPECT_EQ(copied, 12);
  EXPECT_EQ(full, Floats({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
}

TEST(TensorSlicesTest, RejectsOutOfRangeAndWrongSize) {
  std::string full(4 * 4, '\0');
  int64_t copied = 0;
  EXPECT_FALSE(CopySliceInto(Floats({1, 2}), 4, {4}, {{3}, {2}}, "v", &full,
                             &copied).ok());
  EXPECT_FALSE(CopySliceInto(Floats({1}), 4, {4}, {{0}, {2}}, "v", &full,
                             &copied).ok());
  EXPECT_FALSE(CopySliceInto(Floats({1}), 4, {4}, {{0, 0}, {1, 1}}, "v",
                             &full, &copied).ok());
}


TEST(TensorSlicesTest, ParsesShapeAndSlice) {
  std::vector<int64_t> dims;
  SliceExtents s;
  ASSERT_TRUE(ParseShapeAndSlice("10 20 0,5:-", &dims, &s).ok());
  EXPECT_EQ(dims, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(s.start, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(s.length, (std::vector<int64_t>{5, -1}));
  EXPECT_FALSE(ParseShapeAndSlice("10 20 0,5", &dims, &s).ok());
  EXPECT_FALSE(ParseShapeAndSlice("10 x -:-", &dims, &s).ok());
  EXPECT_FALSE(ParseShapeAndSlice("garbage", &dims, &s).ok());
}

TEST(TensorSlicesTest, ExtractsSlice) {
  // Rows 1..2 of a 3x2 matrix [[1,2],[3,4],[5,6]].
  auto part = ExtractSlice(Floats({1, 2, 3, 4, 5, 6}), 4, {3, 2},
                           {{1, 0}, {2, -1}}, "v");
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(*part, Floats({3, 4, 5, 6}));
  // Column 1.
  part = ExtractSlice(Floats({1, 2, 3, 4, 5, 6}), 4, {3, 2}, {{0, 1}, {-1, 1}},
                      "v");
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_EQ(*part, Floats({2, 4, 6}));
}

}  // namespace
}  // namespace tfaot::checkpoint
