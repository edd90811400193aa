// The seed model op_to_store = x * y + b, saved as a checkpoint and as a
// SavedModel by make_seed_checkpoint (at build time) and compiled by
// tf_aot_library with different restore flags. x = 2, y = 3 gives 6 + b,
// where b depends on what was restored (values in make_seed_checkpoint.cc).
#include <cstdint>

#include "gtest/gtest.h"
#include "tests/checkpoint_e2e/seed_default.h"
#include "tests/checkpoint_e2e/seed_moving_averages.h"
#include "tests/checkpoint_e2e/seed_renamed.h"
#include "tests/checkpoint_e2e/seed_saved_model.h"
#include "tests/checkpoint_e2e/seed_subset.h"

namespace {

template <typename Model>
int32_t RunSeed(int32_t x, int32_t y) {
  Model m;
  *m.arg_x_data() = x;
  *m.arg_y_data() = y;
  EXPECT_TRUE(m.Run());
  return *m.result_result_data();
}

TEST(SeedCheckpointTest, SaverKeyRestoresB) {
  EXPECT_EQ(RunSeed<seed::Default>(2, 3), 2 * 3 + 1);  // checkpoint "b" = 1
  EXPECT_EQ(RunSeed<seed::Default>(-4, 5), -20 + 1);
}

TEST(SeedCheckpointTest, MovingAveragesRestoreTheShadow) {
  EXPECT_EQ(RunSeed<seed::MovingAverages>(2, 3), 2 * 3 + 4);  // "b/ExponentialMovingAverage" = 4
}

TEST(SeedCheckpointTest, RestoreMapRenamesTheKey) {
  EXPECT_EQ(RunSeed<seed::Renamed>(2, 3), 2 * 3 + 100);  // --restore=b=other_b, "other_b" = 100
}

TEST(SeedCheckpointTest, SubsetLeavesBToItsInitializer) {
  EXPECT_EQ(RunSeed<seed::Subset>(2, 3), 2 * 3 + 5);  // --restore=global_step; b/initial_value = 5
}

TEST(SeedCheckpointTest, SavedModelSignatureNamesTheAccessors) {
  seed::SavedModel m;  // no config: feeds x, y and fetch op_to_store from the signature
  *m.arg_x_data() = 2;
  *m.arg_y_data() = 3;
  EXPECT_TRUE(m.Run());
  EXPECT_EQ(*m.result_op_to_store_data(), 2 * 3 + 1);
}

}  // namespace
