// Prints x * y + b for x = 2, y = 3 from both seed models: b is the
// checkpoint's moving average of b (4, --moving_averages) and the
// SavedModel's b (1); see tests/checkpoint_e2e/make_seed_checkpoint.cc.
#include <cstdio>

#include "seed_checkpoint.h"
#include "seed_saved_model.h"

template <typename Model>
int RunSeed() {
  Model model;
  *static_cast<int*>(model.arg_data(0)) = 2;
  *static_cast<int*>(model.arg_data(1)) = 3;
  model.Run();
  return *static_cast<const int*>(model.result_data(0));
}

int main() {
  std::printf("checkpoint: %d\n", RunSeed<seed::Checkpoint>());
  std::printf("saved_model: %d\n", RunSeed<seed::SavedModel>());
  return 0;
}
