#!/bin/bash
# Bad checkpoints through the CLI, both `tfaotc freeze` and `tfaotc
# --checkpoint=...`: a flipped byte in .data, a truncated .index, a missing
# shard, a shape or dtype that disagrees with the graph, a missing key. Each
# must exit non-zero (and not 70, a crash), print exactly one line
# `tfaotc...: error: ...` naming what is wrong, and write no output file.
# The bad copies are made in $TEST_TMPDIR from checkpoints the seed tool writes.
#
# usage: bad_checkpoints_test.sh TFAOTC MAKE_SEED_CHECKPOINT CONFIG
set -u
tfaotc=$1
make_seed=$2
config=$3
tmp=${TEST_TMPDIR:-$(mktemp -d)}/bad_checkpoints
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0

# check NAME TEXTS OUT_DIR -- command...: TEXTS are '|'-separated substrings.
check() {
  local name=$1 texts=$2 out=$3
  shift 4
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local code=$? ok=1
  if [ $code = 0 ] || [ $code = 70 ] || [ $code -ge 128 ]; then
    echo "FAIL [$name]: exit code $code" >&2
    ok=0
  fi
  if [ "$(wc -l <"$tmp/stderr")" != 1 ] || ! grep -qE '^tfaotc( freeze)?: error: ' "$tmp/stderr"; then
    echo "FAIL [$name]: stderr is not one 'tfaotc...: error:' line" >&2
    ok=0
  fi
  local IFS='|'
  for t in $texts; do
    grep -qF -- "$t" "$tmp/stderr" || { echo "FAIL [$name]: stderr does not mention '$t'" >&2; ok=0; }
  done
  if [ -n "$(ls -A "$out")" ]; then
    echo "FAIL [$name]: output left behind: $(ls -A "$out")" >&2
    ok=0
  fi
  if [ $ok = 1 ]; then
    echo "ok   [$name] exit $code: $(cat "$tmp/stderr")"
  else
    echo "     stderr was: $(cat "$tmp/stderr")" >&2
    failures=$((failures + 1))
  fi
}

# expect NAME PREFIX TEXTS: runs both front ends on the checkpoint PREFIX.
expect() {
  local name=$1 prefix=$2 texts=$3
  local out="$tmp/out_$name"
  rm -rf "$out" && mkdir -p "$out"
  check "freeze: $name" "$texts" "$out" -- \
    "$tfaotc" freeze --checkpoint="$prefix" --fetch=op_to_store --out="$out/frozen.pb"
  check "compile: $name" "$texts" "$out" -- \
    "$tfaotc" --checkpoint="$prefix" --config="$config" --cpp_class=M \
    --out_header="$out/m.h" --out_source="$out/m.cc"
}

# seed NAME [VARIANT]: a fresh seed checkpoint $tmp/NAME/seed.
seed() {
  mkdir -p "$tmp/$1"
  "$make_seed" checkpoint "$tmp/$1/seed" ${2:-} || { echo "FAIL: make_seed_checkpoint $*" >&2; exit 1; }
}

# The good checkpoint works through both front ends (else the cases prove nothing).
seed good
mkdir -p "$tmp/good_out"
"$tfaotc" freeze --checkpoint="$tmp/good/seed" --fetch=op_to_store --out="$tmp/good_out/f.pb" ||
  { echo "FAIL: the good checkpoint does not freeze" >&2; failures=$((failures + 1)); }
"$tfaotc" --checkpoint="$tmp/good/seed" --config="$config" --cpp_class=M \
  --out_header="$tmp/good_out/m.h" --out_source="$tmp/good_out/m.cc" ||
  { echo "FAIL: the good checkpoint does not compile" >&2; failures=$((failures + 1)); }

# The .data file holds the tensors in key order: "b" (int32) comes first.
seed flipped
printf '\x55' | dd of="$tmp/flipped/seed.data-00000-of-00001" bs=1 seek=0 conv=notrunc status=none
expect flipped_data_byte "$tmp/flipped/seed" "checksum|'b'"

seed truncated
size=$(stat -c %s "$tmp/truncated/seed.index")
truncate -s $((size / 2)) "$tmp/truncated/seed.index"
expect truncated_index "$tmp/truncated/seed" "seed.index"

seed missing_shard
rm "$tmp/missing_shard/seed.data-00000-of-00001"
expect missing_shard "$tmp/missing_shard/seed" "seed.data-00000-of-00001"

seed shape b_shape
expect shape_mismatch "$tmp/shape/seed" "variable 'b' has shape []|[2]"

seed dtype b_float
expect dtype_mismatch "$tmp/dtype/seed" "variable 'b' is int32|float"

seed missing_key no_b
expect missing_key "$tmp/missing_key/seed" "variable 'b' is not in checkpoint|--restore"

if [ $failures -ne 0 ]; then
  echo "bad_checkpoints_test: $failures failures" >&2
  exit 1
fi
echo "bad_checkpoints_test: all cases passed"
