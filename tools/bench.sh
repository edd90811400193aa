#!/usr/bin/env bash
# Runs the benchmark table of README.md: tfaot next to OpenCV DNN, one run.
# Installs OpenCV's DNN module (Debian libopencv-dnn-dev) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
if ! dpkg-query -W -f='${Status}' libopencv-dnn-dev 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopencv-dnn-dev >/dev/null
fi
bazel run //tools/bench:bench -- "$@"
