#include "gtest/gtest.h"
#include "tests/mul_add.h"
#include "tests/other_package/scale_shift.h"

namespace {

TEST(OtherPackageTest, ScaleShift) {
  other::ScaleShift m;
  const float x[3] = {0.0f, 0.5f, -3.0f};
  for (int i = 0; i < 3; ++i) m.arg_x_data()[i] = x[i];
  *m.arg_n_data() = 41;
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(m.result_y_data()[0], -1.0f);  // 0 * 2 - 1
  EXPECT_EQ(m.result_y_data()[1], 0.0f);   // 0.5 * 2 - 1
  EXPECT_EQ(m.result_y_data()[2], -7.0f);  // -3 * 2 - 1
  EXPECT_EQ(*m.result_count_data(), int64_t{42});
}

TEST(OtherPackageTest, TwoModelsFromTwoPackagesInOneBinary) {
  other::ScaleShift a;
  tfaot_test::MulAdd b;
  *b.arg_x_data() = 2;
  *b.arg_y_data() = 3;
  for (int i = 0; i < 3; ++i) a.arg_x_data()[i] = 1.0f;
  *a.arg_n_data() = -1;
  ASSERT_TRUE(b.Run());
  ASSERT_TRUE(a.Run());
  EXPECT_EQ(*b.result_result_data(), 7);
  EXPECT_EQ(a.result_y_data()[2], 1.0f);
  EXPECT_EQ(*a.result_count_data(), 0);
  // Both C entry points link side by side.
  alignas(64) unsigned char arena[other::ScaleShift::kArenaBytes];
  float y[3];
  int64_t n = 9, count = 0;
  ASSERT_EQ(other_ScaleShift_run(a.arg_x_data(), &n, y, &count, arena), 0);
  EXPECT_EQ(count, 10);
  EXPECT_EQ(tfaot_test_MulAdd_arena_bytes(), tfaot_test::MulAdd::kArenaBytes);
}

}  // namespace
