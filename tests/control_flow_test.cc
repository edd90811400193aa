// Control flow through the tf_aot_library macro: the loops of
// testdata/while_loops.pbtxt, the conditional of testdata/cond.pbtxt and
// TF2's functional While and If of testdata/tf2_while_if.pbtxt, run on
// inputs whose answers are hand arithmetic.
#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"
#include "tests/cond.h"
#include "tests/tf2_while_if.h"
#include "tests/while_loops.h"

namespace {

TEST(WhileLoopsTest, StaticAndRunTimeTripCounts) {
  tfaot_test::WhileLoops m;
  const float x[4] = {1, 2, 3, 4};
  for (int n : {3, 0, -2, 7}) {
    std::copy(x, x + 4, m.arg_x_data());
    *m.arg_n_data() = n;
    ASSERT_TRUE(m.Run());
    // acc_0 = x, acc_k+1 = acc_k / 2 + x: acc_10 = x * (2 - 2^-10), exactly in float.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(m.result_acc_data()[i], x[i] * (2 - std::ldexp(1.f, -10)));
    // j counts up to n; a loop whose condition is false at once runs zero times.
    EXPECT_EQ(*m.result_j_data(), n > 0 ? n : 0) << "n = " << n;
  }
}

TEST(CondTest, RunTimePredicatePicksTheBranch) {
  tfaot_test::Cond m;
  const float x[4] = {1, 2, 3, 4};  // sum 10
  std::copy(x, x + 4, m.arg_x_data());
  *m.arg_y_data() = 11;  // 10 < 11: x * 2
  ASSERT_TRUE(m.Run());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(m.result_out_data()[i], x[i] * 2);
  *m.arg_y_data() = 10;  // 10 < 10 is false: x - 1
  ASSERT_TRUE(m.Run());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(m.result_out_data()[i], x[i] - 1);
}

TEST(Tf2WhileIfTest, FunctionalLoopAndConditional) {
  tfaot_test::Tf2WhileIf m;
  const float a[3] = {1, -2, 3}, b[3] = {1, -5, 3};
  *m.arg_n_data() = 3;  // acc = x * 8
  std::copy(a, a + 3, m.arg_x_data());
  ASSERT_TRUE(m.Run());
  const float* out = m.result_out_data();
  EXPECT_EQ(out[0], -8.f);  // sum 16 > 0: -acc
  EXPECT_EQ(out[1], 16.f);
  EXPECT_EQ(out[2], -24.f);
  std::copy(b, b + 3, m.arg_x_data());
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(out[0], 64.f);  // sum -8: acc * acc
  EXPECT_EQ(out[1], 1600.f);
  EXPECT_EQ(out[2], 576.f);
  *m.arg_n_data() = 0;  // no iteration: acc = x, sum -1
  ASSERT_TRUE(m.Run());
  EXPECT_EQ(out[1], 25.f);
}

}  // namespace
