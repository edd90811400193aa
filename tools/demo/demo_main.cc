// Runs the seed models compiled by tfaotc and prints each fetch as
// `<fetch name> = <values>`.
#include <cstdio>

#include "tools/demo/add_vars.h"
#include "tools/demo/mlp.h"
#include "tools/demo/mul_add.h"

namespace {

void Print(const char* name, const float* values, long n) {
  std::printf("%s = [", name);
  for (long i = 0; i < n; ++i) std::printf(i ? ", %g" : "%g", values[i]);
  std::printf("]\n");
}

}  // namespace

int main() {
  tfaot_demo::MulAdd mul_add;
  *mul_add.arg_x_data() = 2;
  *mul_add.arg_y_data() = 3;
  mul_add.Run();
  std::printf("mul_add: x = 2, y = 3\n");
  std::printf("op_to_store = %d\n", *mul_add.result_result_data());

  tfaot_demo::AddVars add_vars;
  add_vars.Run();
  std::printf("add_vars: v3 = [3], v4 = [4]\n");
  Print("add", add_vars.result_add_data(), tfaot_demo::AddVars::kResult_add_elements);

  tfaot_demo::Mlp mlp;
  const float x[8] = {1.0f, 0.5f, -0.25f, 2.0f, -1.0f, 0.0f, 0.75f, 0.5f};
  for (int i = 0; i < 8; ++i) mlp.arg_x_data()[i] = x[i];
  mlp.Run();
  std::printf("mlp: x = [[1, 0.5, -0.25, 2], [-1, 0, 0.75, 0.5]]\n");
  Print("probs", mlp.result_probs_data(), tfaot_demo::Mlp::kResult_probs_elements);
  Print("hidden", mlp.result_hidden_data(), tfaot_demo::Mlp::kResult_hidden_elements);
  return 0;
}
