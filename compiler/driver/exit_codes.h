// tfaotc's exit codes (documented in README.md and `tfaotc --help`).
#ifndef TFAOT_COMPILER_DRIVER_EXIT_CODES_H_
#define TFAOT_COMPILER_DRIVER_EXIT_CODES_H_

#include "absl/status/status.h"

namespace tfaot::driver {

enum ExitCode {
  kExitOk = 0,
  kExitInvalidModel = 1,   // the graph or config is wrong (names, shapes, dtypes, cycles)
  kExitUsage = 2,          // bad command line
  kExitIoError = 3,        // a file cannot be read or written
  kExitUnsupported = 4,    // the model needs an op or dtype tfaotc does not support
  kExitBuildFailed = 5,    // `tfaotc run`: the host C++ compiler or the program failed
  kExitInternal = 70,      // a bug in tfaotc
};

ExitCode ExitCodeFor(const absl::Status& status);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_EXIT_CODES_H_
