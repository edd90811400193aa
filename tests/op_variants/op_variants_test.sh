#!/bin/sh
# The op-variant suite: writes every case (cases_*.py: its checked-in
# graph, seeded inputs, numpy's expected outputs) into $TEST_TMPDIR in the
# dl4j layout, then compiles, builds (in batches) and runs them all with the
# conformance driver. Fails if any case does not pass.
#   op_variants_test.sh CONFORMANCE OP_VARIANTS_PY CASES_DIR [--filter=op_variants/PREFIX]
set -eu
conformance=$1
oracle=$2
cases=$3
shift 3
root="${TEST_TMPDIR:-$(mktemp -d)}/op_variants_root"
rm -rf "$root"
mkdir -p "$root"
/usr/bin/python3 "$oracle" data "$cases" "$root"
exec "$conformance" --root="$root" --suite=op_variants --must_pass="$root/must_pass.txt" "$@"
