// The benchmark tf_aot_library(gen_benchmark = True) builds around a
// generated class: its main() is
// `return tfaot::harness::ModelBenchmark<ns::Model>(argc, argv);`.
//
//   <name>_benchmark [--runs=N]   (default 1000)
//
// Times Run() on feeds filled with the fixed pattern (tensor_data.h) and
// prints the line `tfaotc run --benchmark` prints:
// `benchmark: runs=N median_us=X p90_us=Y min_us=Z`. Each sample is the mean
// of a batch of calls lasting at least 20 us, so the clock's own cost does
// not swamp models that run in nanoseconds; one thread, the caller's core.
#ifndef TFAOT_TOOLS_HARNESS_MODEL_BENCHMARK_H_
#define TFAOT_TOOLS_HARNESS_MODEL_BENCHMARK_H_

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tools/harness/tensor_data.h"

namespace tfaot::harness {

template <typename Model>
int ModelBenchmark(int argc, char** argv) {
  int runs = 1000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    char* end = nullptr;
    if (arg.compare(0, 7, "--runs=") == 0) runs = static_cast<int>(std::strtol(arg.c_str() + 7, &end, 10));
    if (!end || *end != '\0' || runs < 1) {
      std::fprintf(stderr, "%s: bad argument '%s'; usage: %s [--runs=N] (N >= 1)\n", argv[0],
                   argv[i], argv[0]);
      return 2;
    }
  }
  Model model;
  for (int i = 0; i < Model::kNumArgs; ++i)
    FillPattern(*FindDType(Model::kArgDTypes[i]), model.arg_data(i), Model::kArgBytes[i]);

  using Clock = std::chrono::steady_clock;
  auto micros = [](Clock::time_point start) {
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  };
  for (int i = 0; i < std::min(runs, 100); ++i) model.Run();  // warm caches
  int batch = 1;
  for (;;) {
    auto start = Clock::now();
    for (int i = 0; i < batch; ++i) model.Run();
    if (micros(start) >= 20 || batch >= (1 << 20)) break;
    batch *= 2;
  }
  std::vector<double> us(static_cast<size_t>(runs));
  for (double& t : us) {
    auto start = Clock::now();
    for (int i = 0; i < batch; ++i) model.Run();
    t = micros(start) / batch;
  }
  std::sort(us.begin(), us.end());
  std::printf("benchmark: runs=%d median_us=%.4f p90_us=%.4f min_us=%.4f\n", runs,
              us[us.size() / 2], us[us.size() * 9 / 10], us[0]);
  return 0;
}

}  // namespace tfaot::harness

#endif  // TFAOT_TOOLS_HARNESS_MODEL_BENCHMARK_H_
