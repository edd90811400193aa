#!/bin/bash
# A user's Bazel workspace, outside the checkout: examples/ copied to a
# temporary directory, its WORKSPACE pointing at this checkout and holding
# only the three lines README.md gives, and no .bazelrc. Runs the README's
# commands there: `bazel test //...` (the generated :dense_test with
# test_data and the app's own cc_test) and `bazel run` of the generated
# benchmark, and checks that the build prints no compiler warning.
#
# A nested Bazel: its own --output_user_root and HOME under $TEST_TMPDIR,
# shut down at the end.
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

cp -r "$root/examples/WORKSPACE" "$root/examples/models" "$root/examples/bazel_app" "$ws/"
sed -i "s|path = \"..\"|path = \"$root\"|" "$ws/WORKSPACE"
grep -q "path = \"$root\"" "$ws/WORKSPACE" || fail "examples/WORKSPACE has no 'path = \"..\"' to point at the checkout"
# Only the README's lines: the tfaot repository, the load, the call.
statements=$(grep -vE '^\s*(#|$)' "$ws/WORKSPACE")
expected="workspace(name = \"tfaot_examples\")
local_repository(name = \"tfaot\", path = \"$root\")
load(\"@tfaot//tools:deps.bzl\", \"tfaot_dependencies\")
tfaot_dependencies()"
[[ "$statements" == "$expected" ]] || fail "WORKSPACE holds more than the README's lines:
$statements"
[[ ! -e "$ws/.bazelrc" ]] || fail "the consumer workspace has a .bazelrc"

cd "$ws" || exit 1
nested_bazel() {
  bazel --output_user_root="$tmp/bazel_root" --max_idle_secs=60 "$@"
}
trap 'nested_bazel shutdown >/dev/null 2>&1; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

echo "== bazel test //... in $ws"
nested_bazel test //... --test_output=errors >"$tmp/test.log" 2>&1
status=$?
grep -E '^//|Executed|ERROR' "$tmp/test.log"
if [[ $status -ne 0 ]]; then
  fail "bazel test exited $status"
  tail -n 60 "$tmp/test.log"
fi
for t in //bazel_app:dense_test //bazel_app:dense_app_test; do
  grep -qE "^$t +PASSED" "$tmp/test.log" || fail "$t did not pass"
done
dense_log="$(nested_bazel info bazel-testlogs 2>/dev/null)/bazel_app/dense_test/test.log"
grep -q "ok: fetch y matches its test_data" "$dense_log" ||
  fail "the generated test did not compare y with testdata/y.npy"

echo "== bazel run //bazel_app:dense_benchmark -- --runs=200"
nested_bazel run //bazel_app:dense_benchmark -- --runs=200 >"$tmp/run.log" 2>&1
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
