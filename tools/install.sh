#!/usr/bin/env bash
# Builds tfaotc and installs it for use outside Bazel:
#   PREFIX/bin/tfaotc
#   PREFIX/include/tfaot/runtime/*.h        the runtime generated code includes
#   PREFIX/lib/cmake/tfaot/tfaotConfig.cmake, tfaotConfigVersion.cmake
# A CMake project then uses find_package(tfaot REQUIRED) and tfaot_add_model()
# (see README.md and tools/cmake/tfaotConfig.cmake).
#
# usage: ./tools/install.sh [--tfaotc=PATH] PREFIX
#   --tfaotc=PATH  install this tfaotc instead of building one (e.g. the one
#                  `bazel build //compiler/driver:tfaotc` left in bazel-bin)
#
# tfaotc links Debian's protobuf and abseil shared libraries: the machine
# that runs it needs them (tools/setup.sh installs them).
set -euo pipefail

usage() {
  echo "usage: $0 [--tfaotc=PATH] PREFIX" >&2
  exit 2
}
tfaotc=""
prefix=""
for arg in "$@"; do
  case "$arg" in
    --tfaotc=*) tfaotc="${arg#--tfaotc=}" ;;
    -*) usage ;;
    *) [[ -z "$prefix" ]] || usage; prefix="$arg" ;;
  esac
done
[[ -n "$prefix" ]] || usage
# Paths on the command line are the caller's; the script runs in the checkout.
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
if [[ -n "$tfaotc" ]]; then
  [[ -x "$tfaotc" ]] || { echo "install.sh: --tfaotc=$tfaotc is not an executable" >&2; exit 1; }
  tfaotc="$(cd "$(dirname "$tfaotc")" && pwd)/$(basename "$tfaotc")"
fi
cd "$(dirname "$0")/.."

./tools/setup.sh
if [[ -z "$tfaotc" ]]; then
  bazel build -c opt //compiler/driver:tfaotc
  tfaotc="$(bazel info -c opt bazel-bin)/compiler/driver/tfaotc"
fi
version="$("$tfaotc" --version | sed -n 's/^tfaotc //p')"
[[ -n "$version" ]] || { echo "install.sh: $tfaotc --version printed no version" >&2; exit 1; }

mkdir -p "$prefix/bin" "$prefix/include/tfaot/runtime" "$prefix/lib/cmake/tfaot"
install -m 755 "$tfaotc" "$prefix/bin/tfaotc"
rm -f "$prefix/include/tfaot/runtime/"*.h  # headers a newer runtime no longer has
install -m 644 runtime/*.h "$prefix/include/tfaot/runtime/"
install -m 644 tools/cmake/tfaotConfig.cmake "$prefix/lib/cmake/tfaot/"
cmake -DVERSION="$version" -DOUT="$prefix/lib/cmake/tfaot/tfaotConfigVersion.cmake" \
  -P tools/cmake/write_version_file.cmake
echo "install.sh: tfaot $version installed in $prefix"
