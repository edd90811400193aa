#!/usr/bin/env bash
# The main job: installs what is missing, builds tfaotc, compiles the bundled
# seed models with it (through the Bazel macro), builds and runs them, and
# prints every fetch as `<fetch name> = <values>`.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
bazel build //tools/demo:demo
echo
"$(bazel info bazel-bin 2>/dev/null)/tools/demo/demo"
