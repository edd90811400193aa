#include "compiler/ir/tensor.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace tfaot::ir {
namespace {

TEST(TensorTest, AsInt64OfFloatsOutsideInt64Saturates) {
  // Converting these with a plain cast is undefined behaviour (UBSan: "is
  // outside the range of representable values"); a Unique over such a
  // constant reached it (tests/fuzz/regressions/graphdef/).
  Tensor t(DType::kFloat, {6});
  float* v = t.data<float>();
  v[0] = 7.13932e31f;
  v[1] = -7.13932e31f;
  v[2] = std::numeric_limits<float>::infinity();
  v[3] = std::nanf("");
  v[4] = -3.75f;
  v[5] = 9.2233720e18f;  // 2^63, one past the largest int64
  EXPECT_EQ(t.AsInt64(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(t.AsInt64(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(t.AsInt64(2), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(t.AsInt64(3), 0);
  EXPECT_EQ(t.AsInt64(4), -3);
  EXPECT_EQ(t.AsInt64(5), std::numeric_limits<int64_t>::max());
}

TEST(TensorTest, AsInt64OfIntegersIsTheValue) {
  Tensor t(DType::kInt64, {2});
  t.data<int64_t>()[0] = std::numeric_limits<int64_t>::min();
  t.data<int64_t>()[1] = 42;
  EXPECT_EQ(t.AsInt64(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(t.AsInt64(1), 42);
}

}  // namespace
}  // namespace tfaot::ir
