// The runtime headers, compiled into tfaotc so `tfaotc run` can build the
// generated code anywhere, not only inside this workspace.
#ifndef TFAOT_COMPILER_DRIVER_EMBEDDED_FILES_H_
#define TFAOT_COMPILER_DRIVER_EMBEDDED_FILES_H_

#include <string>
#include <vector>

namespace tfaot::driver {

struct EmbeddedFile {
  std::string path;  // "runtime/elementwise.h"
  std::string contents;
};

const std::vector<EmbeddedFile>& EmbeddedRuntimeHeaders();

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_EMBEDDED_FILES_H_
