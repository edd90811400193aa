#!/bin/bash
# The generated tests and benchmark (tf_aot_library gen_test/gen_benchmark)
# where they must fail: wrong, missing or unknown test_data files, a model
# with non-finite outputs, bad benchmark arguments. Each case checks the
# exit code and the message.
#
# usage: harness_test.sh MLP_TEST NONFINITE_TEST MLP_BENCHMARK BAD_DATA_PY MLP_DATA...
set -u
mlp_test=$1 nonfinite_test=$2 benchmark=$3 bad_data=$4
shift 4
good_dir=$(dirname "$1")
tmp=${TEST_TMPDIR:-$(mktemp -d)}/harness
rm -rf "$tmp"
mkdir -p "$tmp/bad"
/usr/bin/python3 "$bad_data" "$good_dir" "$tmp/bad" || { echo "FAIL: bad_data.py"; exit 1; }
failures=0

# expect NAME CODE TEXT -- command...: exit code CODE and TEXT on stdout/stderr.
expect() {
  local name=$1 code=$2 text=$3
  shift 4
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [[ $got != "$code" ]] || ! grep -qF -- "$text" "$tmp/out"; then
    echo "FAIL [$name]: exit $got (expected $code), output:"
    sed 's/^/    /' "$tmp/out"
    failures=$((failures + 1))
  else
    echo "ok   [$name] exit $got: $(grep -F -- "$text" "$tmp/out" | head -n 1)"
  fi
}

bad() { echo "$tmp/bad/$1"/*.npy; }
# shellcheck disable=SC2046  # one argument per file
{
expect good 0 "ok: fetch probs matches its test_data" -- "$mlp_test" "$@"
expect wrong_value 1 "FAIL: fetch probs element 5 is" -- "$mlp_test" $(bad wrong_value)
expect no_feed 1 "FAIL: test_data has no x.npy for feed x" -- "$mlp_test" $(bad no_feed)
expect no_fetch 1 "FAIL: test_data has no <fetch>.npy" -- "$mlp_test" $(bad no_fetch)
expect unknown_name 1 "logits.npy names no feed or fetch" -- "$mlp_test" $(bad unknown_name)
expect wrong_dtype 1 "holds dtype <f8, the model's is float" -- "$mlp_test" $(bad wrong_dtype)
expect wrong_size 1 "holds 4 elements (shape [1,4]), the model's has 8" -- "$mlp_test" $(bad wrong_size)
expect not_npy 1 "probs.npy: not a .npy file" -- "$mlp_test" $(bad not_npy)
expect not_npy_name 1 "is not a .npy file" -- "$mlp_test" "$tmp/bad/not_npy"
}
expect nonfinite 1 "FAIL: fetch y element 0 is -inf" -- "$nonfinite_test"
expect benchmark 0 "benchmark: runs=7 median_us=" -- "$benchmark" --runs=7
expect benchmark_bad_runs 2 "bad argument '--runs=0'" -- "$benchmark" --runs=0
expect benchmark_bad_flag 2 "usage:" -- "$benchmark" --iterations=3

# The benchmark's line: runs, then median <= p90 and min <= median.
line=$("$benchmark" --runs=11 | grep '^benchmark:')
if [[ $line =~ ^benchmark:\ runs=11\ median_us=([0-9.]+)\ p90_us=([0-9.]+)\ min_us=([0-9.]+)$ ]] &&
  awk -v m="${BASH_REMATCH[1]}" -v p="${BASH_REMATCH[2]}" -v n="${BASH_REMATCH[3]}" \
    'BEGIN { exit !(n <= m && m <= p) }'; then
  echo "ok   [benchmark_line] $line"
else
  echo "FAIL [benchmark_line]: '$line'"
  failures=$((failures + 1))
fi

if ((failures)); then
  echo "$failures case(s) failed"
  exit 1
fi
echo "all cases passed"
