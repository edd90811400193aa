#!/bin/bash
# Generated code builds without a compiler warning: each graph is compiled
# with tfaotc and its source built with -Wall -Wextra -Werror, as a user's
# build would show them (the Bazel macro's and tfaot_add_model's flags
# otherwise: C++17, -O3, -Wno-psabi, the target's).
#
# usage: generated_code_warnings_test.sh TFAOTC GRAPH CONFIG [GRAPH CONFIG]...
#   (paths relative to the runfiles root, which holds runtime/*.h)
set -u
tfaotc=$1
shift
tmp=${TEST_TMPDIR:-$(mktemp -d)}/warnings
mkdir -p "$tmp"
failures=0
while (($# >= 2)); do
  graph=$1 config=$2
  shift 2
  name=$(basename "$graph" .pbtxt)
  if ! "$tfaotc" --graph="$graph" --config="$config" --cpp_class=w::M \
    --out_header="$tmp/$name.h" --out_source="$tmp/$name.cc" 2>"$tmp/err"; then
    echo "FAIL [$name]: tfaotc: $(cat "$tmp/err")"
    failures=$((failures + 1))
    continue
  fi
  if ${CXX:-c++} -std=c++17 -O3 -Wall -Wextra -Werror -Wno-psabi -mavx2 -mfma -I. -I"$tmp" \
    -c "$tmp/$name.cc" -o "$tmp/$name.o" 2>"$tmp/err"; then
    echo "ok   [$name] no warning"
  else
    echo "FAIL [$name]:"
    sed 's/^/    /' "$tmp/err" | head -n 20
    failures=$((failures + 1))
  fi
done
exit $((failures > 0))
