// tfaot's version: `tfaotc --version` prints it and every generated file's
// banner carries it, so a library tells which tfaotc made it.
// tools/install.sh writes it into the CMake package's version file.
#ifndef TFAOT_COMPILER_VERSION_H_
#define TFAOT_COMPILER_VERSION_H_

namespace tfaot {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace tfaot

#endif  // TFAOT_COMPILER_VERSION_H_
