// vector_math.h against double-precision libm over the float range (every
// 251st bit pattern, so every binade), and its special values.
#include "runtime/vector_math.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "gtest/gtest.h"

namespace tfaot::rt {
namespace {

// Distance in representable floats (ulps) between two finite floats.
int64_t UlpDistance(float a, float b) {
  auto ordered = [](float f) {
    int32_t i;
    std::memcpy(&i, &f, sizeof i);
    return i < 0 ? -static_cast<int64_t>(i & 0x7fffffff) : static_cast<int64_t>(i);
  };
  return std::llabs(ordered(a) - ordered(b));
}

TEST(VectorMathTest, WithinOneOrTwoUlpsOverTheFloatRange) {
  int64_t worst_exp = 0, worst_sigmoid = 0, worst_tanh = 0;
  for (uint64_t b = 0; b < (uint64_t{1} << 32); b += 509) {
    const uint32_t bits = static_cast<uint32_t>(b);
    float x;
    std::memcpy(&x, &bits, sizeof x);
    if (std::isnan(x)) continue;
    const double xd = x;
    const float want[3] = {static_cast<float>(std::exp(xd)),
                           static_cast<float>(1 / (1 + std::exp(-xd))),
                           static_cast<float>(std::tanh(xd))};
    const float got[3] = {ExpF(x), SigmoidF(x), TanhF(x)};
    int64_t* worst[3] = {&worst_exp, &worst_sigmoid, &worst_tanh};
    for (int k = 0; k < 3; ++k) {
      if (std::isinf(want[k]) || std::isinf(got[k])) {
        ASSERT_EQ(got[k], want[k]) << "function " << k << " at " << x;
      } else if (std::fabs(want[k]) < std::numeric_limits<float>::min()) {
        // Subnormal results: what matters is the absolute error.
        ASSERT_LE(std::fabs(got[k] - want[k]), 1.5e-38f) << "function " << k << " at " << x;
      } else {
        *worst[k] = std::max(*worst[k], UlpDistance(got[k], want[k]));
      }
    }
  }
  EXPECT_LE(worst_exp, 1);
  EXPECT_LE(worst_sigmoid, 2);
  EXPECT_LE(worst_tanh, 1);
}

TEST(VectorMathTest, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(ExpF(inf), inf);
  EXPECT_EQ(ExpF(-inf), 0.f);
  EXPECT_EQ(ExpF(0.f), 1.f);
  EXPECT_EQ(ExpF(89.f), inf);
  EXPECT_TRUE(std::isnan(ExpF(nan)));
  EXPECT_EQ(SigmoidF(inf), 1.f);
  EXPECT_EQ(SigmoidF(-inf), 0.f);
  EXPECT_EQ(SigmoidF(0.f), 0.5f);
  EXPECT_TRUE(std::isnan(SigmoidF(nan)));
  EXPECT_EQ(TanhF(inf), 1.f);
  EXPECT_EQ(TanhF(-inf), -1.f);
  EXPECT_TRUE(std::signbit(TanhF(-0.f)));
  EXPECT_EQ(TanhF(-0.f), 0.f);
  EXPECT_TRUE(std::isnan(TanhF(nan)));
  EXPECT_EQ(TanhF(1e-30f), 1e-30f);  // odd and exact near zero
}

}  // namespace
}  // namespace tfaot::rt
