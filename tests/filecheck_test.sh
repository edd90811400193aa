#!/bin/bash
# FileCheck tests on what tfaotc emits. The CHECK lines live in the graph
# files themselves (# comments in the .pbtxt):
#   CHECK / CHECK-NEXT / CHECK-NOT  -> the generated source
#   IR / IR-NEXT / IR-NOT           -> the IR printed by --print-after=fuse-elementwise
# Besides, for every graph, RunGraph (the body of Run()) must not allocate.
#
# usage: filecheck_test.sh TFAOTC FILECHECK GRAPH CONFIG [GRAPH CONFIG ...]
set -u
tfaotc=$1
filecheck=$2
shift 2
out=${TEST_TMPDIR:-$(mktemp -d)}/filecheck
mkdir -p "$out"
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

while [ $# -ge 2 ]; do
  graph=$1
  config=$2
  shift 2
  name=$(basename "$graph" .pbtxt)
  echo "== $name"
  if ! "$tfaotc" --graph="$graph" --config="$config" --cpp_class="filecheck::Model" \
      --out_header="$out/$name.h" --out_source="$out/$name.cc" \
      --print-after=fuse-elementwise >"$out/$name.ir" 2>"$out/$name.err"; then
    fail "$name: tfaotc failed: $(cat "$out/$name.err")"
    continue
  fi
  if ! grep -q 'CHECK' "$graph"; then
    fail "$name: no CHECK lines in $graph"
  fi
  "$filecheck" --check-prefix=CHECK --dump-input=fail "$graph" <"$out/$name.cc" ||
    fail "$name: generated source"
  if grep -q '# IR' "$graph"; then
    "$filecheck" --check-prefix=IR --dump-input=fail "$graph" <"$out/$name.ir" ||
      fail "$name: IR after fuse-elementwise"
  fi
  # Run() never allocates: nothing in RunGraph's body calls an allocator.
  sed -n '/^void RunGraph(/,/^}/p' "$out/$name.cc" >"$out/$name.rungraph"
  if [ ! -s "$out/$name.rungraph" ]; then
    fail "$name: no RunGraph in the generated source"
  elif grep -nE 'malloc|calloc|realloc|alloca|operator new|[^a-z_]new[ (]|std::vector|make_unique|make_shared' \
      "$out/$name.rungraph"; then
    fail "$name: RunGraph allocates"
  fi
done

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all FileCheck tests passed"
