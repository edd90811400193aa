// Building generated code with the host C++ compiler, outside Bazel: for
// `tfaotc run` and the conformance suite. Many models can go into one
// program (each in its own namespace) so a suite pays the compiler's start-up
// and the runtime headers once per batch, not once per model.
#ifndef TFAOT_COMPILER_DRIVER_HOST_BUILD_H_
#define TFAOT_COMPILER_DRIVER_HOST_BUILD_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tfaot::driver {

struct HostCompiler {
  std::string cxx;                  // $CXX, else "c++"
  std::vector<std::string> flags;   // "-std=c++17 -O2" and extras
  int jobs = 2;                     // parallel compiler processes
};
HostCompiler DefaultHostCompiler();

// Writes runtime/*.h under `dir`.
absl::Status WriteRuntimeHeaders(const std::string& dir);

// A model in a harness: its header and fully qualified class.
struct HarnessModel {
  std::string header;
  std::string cpp_class;
};

// main() for a program that runs model `argv[1]` (an index into `models`):
//   prog INDEX IN_DIR OUT_DIR [BENCH_RUNS [THREADS]]
// reading IN_DIR/arg<i>.bin raw bytes into each feed, writing each fetch to
// OUT_DIR/result<i>.bin (on a runtime/std_thread_pool.h pool of THREADS
// threads when THREADS > 1), and with BENCH_RUNS > 0 printing
//   benchmark: runs=N median_us=X p90_us=Y min_us=Z
std::string HarnessSource(const std::vector<HarnessModel>& models);

// Compiles each of `sources` (paths relative to `dir`, at most `jobs` at a
// time) into `<source>.o`; one status per source, Aborted with the
// compiler's first error lines on failure.
std::vector<absl::Status> CompileObjects(const HostCompiler& compiler, const std::string& dir,
                                         const std::vector<std::string>& sources);
absl::Status LinkProgram(const HostCompiler& compiler, const std::string& dir,
                         const std::vector<std::string>& objects, const std::string& output);
// CompileObjects then LinkProgram into `dir/output`.
absl::Status BuildProgram(const HostCompiler& compiler, const std::string& dir,
                          const std::vector<std::string>& sources, const std::string& output);

// Runs a shell command; returns its exit status and combined output.
struct CommandResult {
  int exit_code = 0;
  std::string output;
};
CommandResult RunCommand(const std::string& command);

// A fresh directory under $TMPDIR (or /tmp).
absl::StatusOr<std::string> MakeTempDir(const std::string& prefix);
void RemoveDir(const std::string& dir);
std::string ShellQuote(const std::string& s);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_HOST_BUILD_H_
