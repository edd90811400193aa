// Runs the model compiled by tfaot_add_model for the x given on the command
// line (default 1 2 3) and prints y = Relu(x @ W + b).
#include <cstdio>
#include <cstdlib>

#include "dense.h"

int main(int argc, char** argv) {
  example::Dense model;
  for (int i = 0; i < 3; ++i)
    model.arg_x_data()[i] = argc == 4 ? std::strtof(argv[i + 1], nullptr) : static_cast<float>(i + 1);
  model.Run();
  const float* y = model.result_y_data();
  std::printf("y = [%g, %g]\n", y[0], y[1]);
  return 0;
}
