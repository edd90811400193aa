// Links the model compiled by tf_aot_library and checks y = Relu(x @ W + b)
// for x = [1, 2, 3] against the hand arithmetic in models/dense.pbtxt.
#include <cstdio>

#include "bazel_app/dense.h"

int main() {
  example::Dense model;
  const float x[3] = {1, 2, 3};
  for (int i = 0; i < 3; ++i) model.arg_x_data()[i] = x[i];
  model.Run();
  const float* y = model.result_y_data();
  std::printf("y = [%g, %g]\n", y[0], y[1]);
  return y[0] == 0.0f && y[1] == 2.75f ? 0 : 1;
}
