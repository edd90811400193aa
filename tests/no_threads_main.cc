// Runs conv_pool (whose kernel splits its work when given a pool) without a
// pool and checks the process still has one thread. no_threads_test.sh also
// checks that this program references no threading symbol at all.
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/conv_pool.h"

int main() {
  tfaot_test::ConvPool model;
  for (int i = 0; i < tfaot_test::ConvPool::kArg_x_elements; ++i)
    model.arg_x_data()[i] = static_cast<float>(i % 7);
  for (int run = 0; run < 3; ++run) model.Run();
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) != 0) continue;
    const int threads = std::stoi(line.substr(8));
    std::printf("threads after Run(): %d\n", threads);
    return threads == 1 ? 0 : 1;
  }
  std::printf("no Threads: line in /proc/self/status\n");
  return 1;
}
