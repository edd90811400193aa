#!/usr/bin/env bash
# Installs the Debian packages tfaot needs to build and test, if any are missing.
# Idempotent: a machine that has them all is left untouched (no apt-get update).
# Extra package names as arguments are installed too (tools/fuzz.sh: clang).
set -euo pipefail

PACKAGES=(
  bazel-bootstrap bazel-platforms
  libprotobuf-dev protobuf-compiler
  libabsl-dev libgtest-dev libbenchmark-dev
  llvm-15-dev llvm-15-tools zlib1g-dev libtinfo-dev
  libsnappy-dev libleveldb-dev
  g++ python3-numpy
  cmake  # tools/install.sh's CMake package and its test
  "$@"
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
