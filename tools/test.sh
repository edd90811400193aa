#!/usr/bin/env bash
# Runs every test: installs what is missing, then `bazel test //...`, and ends
# with one summary line `tests: N passed, M failed, K skipped`.
#
# Tests that compare with real TensorFlow outputs read ../shared/tfmodels (or
# $TFAOT_TFMODELS). When that folder is absent they are skipped and counted
# as skipped, never as passed.
#
# Then tools/robustness_smoke.sh: the fast tests under ASan+UBSan and a few
# seconds of each fuzz target, counted too. `--quick` leaves that pass out
# (for iterating locally; CI and the README's command run everything).
set -uo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh || exit 1

models="${TFAOT_TFMODELS:-$PWD/../shared/tfmodels}"
bazel_args=(test //... --test_summary=short)
skipped_tests=()
if [[ -d "$models/dl4j" ]]; then
  models="$(cd "$models" && pwd)"
  bazel_args+=("--test_env=TFAOT_TFMODELS=$models")
else
  echo "test.sh: no TensorFlow test models at $models; tests tagged requires-tfmodels are skipped" >&2
  bazel_args+=(--test_tag_filters=-requires-tfmodels)
  mapfile -t skipped_tests < <(bazel query 'attr(tags, "requires-tfmodels", tests(//...))' 2>/dev/null)
fi

log="$(mktemp)"
bazel "${bazel_args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ "${1:-}" != "--quick" ]]; then
  ./tools/robustness_smoke.sh 2>&1 | tee -a "$log"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
fi

passed=$(grep -cE '^(//|fuzz:)[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^(//|fuzz:)[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|FLAKY|INCOMPLETE|NO STATUS)' "$log")
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # the build itself failed before any test ran
  echo "test.sh: bazel test failed (exit $status) before reporting test results" >&2
fi
for t in "${skipped_tests[@]}"; do echo "$t SKIPPED (no TensorFlow test models)"; done
rm -f "$log"
echo "tests: $passed passed, $failed failed, ${#skipped_tests[@]} skipped"
[[ $status -eq 0 ]]
