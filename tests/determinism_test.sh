#!/bin/bash
# The same input compiles to byte-identical files (Bazel caches and shares
# the action): compile each graph twice into different directories, with
# the IR printed after every pass, and compare every byte.
#
# usage: determinism_test.sh TFAOTC GRAPH CONFIG [GRAPH CONFIG ...]
set -u
tfaotc=$1
shift
tmp=${TEST_TMPDIR:-$(mktemp -d)}/determinism
failures=0
while [ $# -ge 2 ]; do
  graph=$1
  config=$2
  shift 2
  name=$(basename "$graph" .pbtxt)
  for run in first second; do
    dir="$tmp/$run/$name"
    mkdir -p "$dir"
    if ! "$tfaotc" --graph="$graph" --config="$config" --cpp_class=det::Model \
        --out_header="$dir/model.h" --out_source="$dir/model.cc" --print-after-all \
        >"$dir/ir.txt" 2>"$dir/stderr"; then
      echo "FAIL: $name: tfaotc failed: $(cat "$dir/stderr")" >&2
      failures=$((failures + 1))
      continue 2
    fi
  done
  for f in model.h model.cc ir.txt; do
    if ! cmp "$tmp/first/$name/$f" "$tmp/second/$name/$f"; then
      echo "FAIL: $name: $f differs between two runs" >&2
      diff "$tmp/first/$name/$f" "$tmp/second/$name/$f" | head -20 >&2
      failures=$((failures + 1))
    fi
  done
  if [ ! -s "$tmp/first/$name/model.cc" ]; then
    echo "FAIL: $name: empty output" >&2
    failures=$((failures + 1))
  fi
  echo "ok $name: $(wc -c <"$tmp/first/$name/model.cc") bytes of source, identical twice"
done
if [ $failures -ne 0 ]; then
  exit 1
fi
