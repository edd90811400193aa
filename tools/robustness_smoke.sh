#!/usr/bin/env bash
# The fast part of the robustness checks (README "Robustness"), for CI
# (run by `tools/test.sh` after the suite, unless `--quick`):
#   1. the fast tests under --config=asan (ASan + UBSan): the fuzz regression
#      replays, the IR and checkpoint reader tests, bad inputs through tfaotc,
#      and generated code (macro models, the concurrency models, the op-variant
#      edge cases built by the host compiler with TFAOT_SANITIZE);
#   2. a few seconds of each libFuzzer target (tools/fuzz.sh TARGET SECONDS).
# Prints bazel's per-test lines (names marked "[asan]") and one line per fuzz
# target ("fuzz:TARGET PASSED" / "FAILED"), which tools/test.sh counts.
# The whole suite under both sanitizers, the full conformance corpus under
# ASan and long fuzz campaigns stay manual (commands in README).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${TFAOT_FUZZ_SMOKE_SECONDS:-10}"
models="${TFAOT_TFMODELS:-$PWD/../shared/tfmodels}"

ASAN_TESTS=(
  //tests/fuzz:all
  //compiler/ir:all
  //tests:errors_test
  //tests:seed_models_test
  //tests/checkpoint_e2e:bad_checkpoints_test
  //tests/concurrency:all
  //tests/op_variants:op_variants_edges_test
)
env_args=()
[[ -d "$models/dl4j" ]] && env_args+=("--test_env=TFAOT_TFMODELS=$(cd "$models" && pwd)")
status=0
bazel test --config=asan --test_summary=short "${env_args[@]}" "${ASAN_TESTS[@]}" 2>&1 |
  sed -E 's#^(//[^ ]+)( +(\(cached\) )?(PASSED|FAILED|TIMEOUT|FLAKY|INCOMPLETE|NO STATUS))#\1[asan]\2#'
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1

# Each target from a scratch corpus, so CI's result does not depend on what
# earlier runs left behind (the clang build keeps its usual output base).
fuzz_dir="$(mktemp -d)"
for target in graphdef config checkpoint saved_model; do
  if TFAOT_FUZZ_DIR="$fuzz_dir" ./tools/fuzz.sh "$target" "$seconds" > "$fuzz_dir/$target.out" 2>&1; then
    echo "fuzz:$target PASSED ($(tail -1 "$fuzz_dir/$target.out"))"
  else
    tail -40 "$fuzz_dir/$target.out"
    echo "fuzz:$target FAILED"
    status=1
  fi
done
rm -rf "$fuzz_dir"
exit $status
