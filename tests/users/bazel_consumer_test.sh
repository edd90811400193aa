#!/bin/bash
# A user's Bazel workspace, outside the checkout: tests/users/consumer/
# (WORKSPACE, models/, bazel_app/) copied to a temporary directory, its
# WORKSPACE pointing at this checkout and holding only the three lines
# README.md gives, and no .bazelrc. Runs the README's commands there, each
# also found verbatim in README.md: `bazel test //...` (the generated
# :dense_test with test_data and the app's own cc_test) and `bazel run` of
# the generated benchmark, and checks that the build prints no compiler
# warning.
#
# A nested Bazel: its own --output_user_root (a startup option, so the
# README's command lines stay as they are) and HOME under $TEST_TMPDIR, shut
# down at the end.
#
# usage: bazel_consumer_test.sh TOOLS_DEPS_BZL  (a file of the checkout)
set -u
root="$(cd "$(dirname "$(readlink -f "$1")")/.." && pwd)"
tmp="${TEST_TMPDIR:-$(mktemp -d)}/bazel_consumer"
ws="$tmp/workspace"
export HOME="$tmp/home"
rm -rf "$tmp"
mkdir -p "$ws" "$HOME"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

consumer="$root/tests/users/consumer"
cp -r "$consumer/WORKSPACE" "$consumer/models" "$consumer/bazel_app" "$ws/"
sed -i "s|path = \"../../..\"|path = \"$root\"|" "$ws/WORKSPACE"
grep -q "path = \"$root\"" "$ws/WORKSPACE" ||
  fail "tests/users/consumer/WORKSPACE has no 'path = \"../../..\"' to point at the checkout"
# Only the README's lines: the tfaot repository, the load, the call.
statements=$(grep -vE '^\s*(#|$)' "$ws/WORKSPACE")
expected="workspace(name = \"tfaot_consumer\")
local_repository(name = \"tfaot\", path = \"$root\")
load(\"@tfaot//tools:deps.bzl\", \"tfaot_dependencies\")
tfaot_dependencies()"
[[ "$statements" == "$expected" ]] || fail "WORKSPACE holds more than the README's lines:
$statements"
[[ ! -e "$ws/.bazelrc" ]] || fail "the consumer workspace has a .bazelrc"
# README.md shows these lines (the path is the user's): its WORKSPACE block
# and the commands below are the ones this test uses.
readme_has() {
  grep -qxF -- "$1" "$root/README.md" || fail "README.md has no line '$1'"
}
readme_has 'local_repository(name = "tfaot", path = "/path/to/tfaot")   # or http_archive'
readme_has 'load("@tfaot//tools:deps.bzl", "tfaot_dependencies")'
readme_has 'tfaot_dependencies()'
test_cmd='bazel test //...'
run_cmd='bazel run //bazel_app:dense_benchmark -- --runs=200'
readme_has "$test_cmd"
readme_has "$run_cmd"

cd "$ws" || exit 1
nested_bazel() {
  bazel --output_user_root="$tmp/bazel_root" --max_idle_secs=60 "$@"
}
trap 'nested_bazel shutdown >/dev/null 2>&1; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# $test_cmd and $run_cmd with the nested Bazel's startup options.
echo "== $test_cmd in $ws"
nested_bazel ${test_cmd#bazel } >"$tmp/test.log" 2>&1
status=$?
grep -E '^//|Executed|ERROR' "$tmp/test.log"
testlogs="$(nested_bazel info bazel-testlogs 2>/dev/null)"
if [[ $status -ne 0 ]]; then
  fail "bazel test exited $status"
  tail -n 60 "$tmp/test.log"
  for log in "$testlogs"/bazel_app/*/test.log; do
    echo "---- $log" && tail -n 30 "$log"
  done
fi
for t in //bazel_app:dense_test //bazel_app:dense_app_test; do
  grep -qE "^$t +PASSED" "$tmp/test.log" || fail "$t did not pass"
done
dense_log="$testlogs/bazel_app/dense_test/test.log"
grep -q "ok: fetch y matches its test_data" "$dense_log" ||
  fail "the generated test did not compare y with testdata/y.npy"

echo "== $run_cmd"
nested_bazel ${run_cmd#bazel } >"$tmp/run.log" 2>&1
status=$?
grep '^benchmark:' "$tmp/run.log"
[[ $status -eq 0 ]] || fail "bazel run exited $status"
grep -qE '^benchmark: runs=200 median_us=[0-9.]+ p90_us=[0-9.]+ min_us=[0-9.]+$' "$tmp/run.log" ||
  fail "the benchmark printed no 'benchmark: runs=200 median_us=...' line"

# Compiler warnings from any source (tfaot's are compiled here too).
if grep -E 'warning:' "$tmp/test.log" "$tmp/run.log"; then
  fail "the build printed compiler warnings (above)"
fi

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
