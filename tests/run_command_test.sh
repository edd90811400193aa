#!/bin/bash
# `tfaotc run` (and --list-ops, inspect) through the command line: .npy feeds in, .npy fetches out (or
# printed), --reference, --benchmark, --threads, a Const fed its own value, and a feed
# whose value decides a shape. Inputs are made and results checked with numpy
# (/usr/bin/python3) against hand arithmetic.
#
# usage: run_command_test.sh TFAOTC TESTDATA_DIR
set -u
tfaotc=$1
data=$2
py=/usr/bin/python3
tmp=${TEST_TMPDIR:-$(mktemp -d)}/run_command
mkdir -p "$tmp"
failures=0
fail() {
  echo "FAIL [$1]: $2" >&2
  failures=$((failures + 1))
}
# check NAME PYTHON_EXPR: the expression (numpy as np, files under $tmp) must be true.
check() {
  if ! (cd "$tmp" && "$py" -c "import numpy as np, sys; sys.exit(0 if ($2) else 1)"); then
    fail "$1" "not true: $2"
  else
    echo "ok   [$1]"
  fi
}

(cd "$tmp" && "$py" -c "
import numpy as np
np.save('x.npy', np.array(2, np.int32)); np.save('y.npy', np.array(3, np.int32))
np.save('x6.npy', np.arange(6, dtype=np.float32) * 0.5)
np.save('shape.npy', np.array([3, 2], np.int32))")

# x * y + b with x = 2, y = 3, b = 1.
"$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x="$tmp/x.npy" --feed=y="$tmp/y.npy" \
  --fetch=op_to_store="$tmp/out.npy" >"$tmp/stdout" 2>"$tmp/stderr" || fail "npy out" "$(cat "$tmp/stderr")"
check "npy out: 2 * 3 + 1, int32 scalar" \
  "(lambda r: r.dtype == np.int32 and r.shape == () and r == 7)(np.load('out.npy'))"

# Printed, by the generated code and by the reference evaluators.
for mode in "" --reference; do
  got=$("$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x="$tmp/x.npy" --feed=y="$tmp/y.npy" \
        --fetch=op_to_store $mode 2>"$tmp/stderr")
  [ "$got" = "op_to_store = 7" ] && echo "ok   [printed: ${mode:-generated code}]" ||
    fail "printed: ${mode:-generated code}" "got '$got' $(cat "$tmp/stderr")"
done

# A Const fed without a file gets its own value: v3 + v4 = 3 + 4.
got=$("$tfaotc" run --graph="$data/add_vars.pbtxt" --feed=v3 --feed=v4 --fetch=add 2>"$tmp/stderr")
[ "$got" = "add = [7]" ] && echo "ok   [Const fed its own value]" ||
  fail "Const fed its own value" "got '$got' $(cat "$tmp/stderr")"

# --benchmark prints one line in the documented form.
"$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x="$tmp/x.npy" --feed=y="$tmp/y.npy" \
  --fetch=op_to_store="$tmp/out.npy" --benchmark=50 >"$tmp/stdout" 2>"$tmp/stderr"
grep -Eq '^benchmark: runs=50 median_us=[0-9.e+-]+ p90_us=[0-9.e+-]+ min_us=[0-9.e+-]+$' "$tmp/stdout" &&
  echo "ok   [benchmark line]" || fail "benchmark line" "stdout: $(cat "$tmp/stdout") $(cat "$tmp/stderr")"

# The value of `shape` decides y's shape: it is compiled as a constant, with
# a note, and x stays a run-time input.
"$tfaotc" run --graph="$data/reshape_by_feed.pbtxt" --feed=x="$tmp/x6.npy" \
  --feed=shape="$tmp/shape.npy" --fetch=y="$tmp/y_out.npy" >"$tmp/stdout" 2>"$tmp/stderr" ||
  fail "shape-deciding feed" "$(cat "$tmp/stderr")"
grep -q "feed shape decides a shape or a table" "$tmp/stderr" && echo "ok   [shape-deciding feed: note]" ||
  fail "shape-deciding feed: note" "stderr: $(cat "$tmp/stderr")"
check "shape-deciding feed: y = x reshaped to [3, 2]" \
  "(lambda y: y.shape == (3, 2) and (y == np.arange(6, dtype=np.float32).reshape(3, 2) * 0.5).all())(np.load('y_out.npy'))"

# DecodeWav's outputs fed (the WAV-string graph of testdata/audio_frontend.pbtxt):
# the sample rate decides Mfcc's filterbank, so it is compiled as a constant.
# numpy's answer from the oracle of tests/op_variants/audio_oracle.py.
(cd "$tmp" && "$py" -c "
import numpy as np
x = np.sin(np.arange(8000) * 0.07).astype(np.float32).reshape(8000, 1) * 0.5
np.save('audio.npy', x); np.save('rate.npy', np.array(16000, np.int32))")
"$tfaotc" run --graph="$data/audio_frontend.pbtxt" --feed=decoded_sample_data:0="$tmp/audio.npy" \
  --feed=decoded_sample_data:1="$tmp/rate.npy" --fetch=fingerprint="$tmp/fingerprint.npy" \
  >"$tmp/stdout" 2>"$tmp/stderr" || fail "DecodeWav outputs fed" "$(cat "$tmp/stderr")"
grep -q "feed decoded_sample_data:1 decides a shape or a table, so it is compiled as a constant" \
  "$tmp/stderr" && echo "ok   [DecodeWav outputs fed: note]" ||
  fail "DecodeWav outputs fed: note" "stderr: $(cat "$tmp/stderr")"
oracle="$PWD/tests/op_variants"  # runfiles (data: //tests/op_variants:audio_oracle.py)
check "DecodeWav outputs fed: fingerprint = numpy's MFCCs" "
  __import__('sys').path.insert(0, '$oracle') or (lambda ao, got: got.shape == (1, 312) and
  np.allclose(got, ao.mfcc(ao.spectrogram(np.load('audio.npy'), 480, 320, True), 16000, 20, 4000,
  40, 13).reshape(1, -1), rtol=1e-4, atol=1e-5))(__import__('audio_oracle'), np.load('fingerprint.npy'))"
"$tfaotc" run --graph="$data/audio_frontend.pbtxt" --feed=decoded_sample_data:0="$tmp/audio.npy" \
  --fetch=fingerprint >/dev/null 2>"$tmp/stderr"
code=$?
[ $code = 1 ] && grep -q -- "still needed: decoded_sample_data:1 .*--feed=decoded_sample_data:1=FILE.npy" \
  "$tmp/stderr" && echo "ok   [DecodeWav: sample rate not fed]" ||
  fail "DecodeWav: sample rate not fed" "exit $code: $(cat "$tmp/stderr")"

# `tfaotc inspect` on the WAV-string graph: its config skeleton feeds DecodeWav's
# audio, fixes the sample rate with a constant, and compiles as it is.
"$tfaotc" inspect "$data/audio_frontend.pbtxt" >"$tmp/inspect" 2>"$tmp/stderr" ||
  fail "inspect: DecodeWav" "$(cat "$tmp/stderr")"
sed -n '/^config skeleton/,$p' "$tmp/inspect" | tail -n +2 >"$tmp/skeleton.config.pbtxt"
if grep -q 'node_name: "decoded_sample_data" output_index: 1' "$tmp/skeleton.config.pbtxt" &&
   grep -q 'shape { dim { size: 8000 } dim { size: 1 } }' "$tmp/skeleton.config.pbtxt" &&
   ! grep -q 'node_name: "wav_data"' "$tmp/skeleton.config.pbtxt" &&
   "$tfaotc" --graph="$data/audio_frontend.pbtxt" --config="$tmp/skeleton.config.pbtxt" \
     --cpp_class=M --out_header="$tmp/m.h" --out_source="$tmp/m.cc" 2>"$tmp/stderr"; then
  echo "ok   [inspect: DecodeWav skeleton compiles]"
else
  fail "inspect: DecodeWav skeleton" "$(cat "$tmp/skeleton.config.pbtxt" "$tmp/stderr")"
fi

# Errors: a missing fetch node, a feed without data.
"$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x="$tmp/x.npy" --feed=y="$tmp/y.npy" \
  --fetch=op_to_stor >/dev/null 2>"$tmp/stderr"
code=$?
[ $code = 1 ] && grep -q "did you mean 'op_to_store'" "$tmp/stderr" && echo "ok   [missing fetch]" ||
  fail "missing fetch" "exit $code: $(cat "$tmp/stderr")"
"$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x --feed=y="$tmp/y.npy" --fetch=op_to_store \
  >/dev/null 2>"$tmp/stderr"
code=$?
[ $code != 0 ] && grep -q "NODE=FILE.npy" "$tmp/stderr" && echo "ok   [Placeholder fed without data]" ||
  fail "Placeholder fed without data" "exit $code: $(cat "$tmp/stderr")"

"$tfaotc" run --graph="$data/mul_add.pbtxt" --feed=x="$tmp/x6.npy" --feed=y="$tmp/y.npy" \
  --fetch=op_to_store >/dev/null 2>"$tmp/stderr"
code=$?
[ $code = 1 ] && grep -q "the data is float but placeholder 'x' is int32" "$tmp/stderr" &&
  echo "ok   [feed of the wrong dtype]" || fail "feed of the wrong dtype" "exit $code: $(cat "$tmp/stderr")"

# --threads: conv_pool (a kernel that splits its rows on a pool) with no pool
# and on 2 and 3 threads gives the same bytes, and numpy's values (a 3x3 SAME
# conv with every tap 0.125, bias -0.5, Relu, 2x2 max pool).
(cd "$tmp" && "$py" -c "
import numpy as np
np.save('xc.npy', ((np.arange(64 * 64 * 8).reshape(1, 64, 64, 8) * 7) % 11 / 8.0 - 0.5).astype(np.float32))")
for t in 1 2 3; do
  "$tfaotc" run --graph="$data/conv_pool.pbtxt" --feed=x="$tmp/xc.npy" --fetch=pool="$tmp/yc$t.npy" \
    --threads=$t >/dev/null 2>"$tmp/stderr" || fail "--threads=$t" "$(cat "$tmp/stderr")"
done
cmp -s "$tmp/yc1.npy" "$tmp/yc2.npy" && cmp -s "$tmp/yc1.npy" "$tmp/yc3.npy" &&
  echo "ok   [--threads=1,2,3: same bytes]" || fail "--threads" "results differ between thread counts"
check "--threads=3: numpy conv, relu, pool" "(lambda x, y: (lambda c: np.allclose(y, np.maximum(np.maximum(c[0::2, 0::2], c[0::2, 1::2]), np.maximum(c[1::2, 0::2], c[1::2, 1::2]))[None, :, :, None].repeat(16, 3), rtol=1e-5, atol=1e-5))(np.maximum(0.125 * sum(np.pad(x[0].astype(np.float64).sum(2), 1)[i:i + 64, j:j + 64] for i in range(3) for j in range(3)) - 0.5, 0)))(np.load('xc.npy'), np.load('yc3.npy'))"
"$tfaotc" run --graph="$data/conv_pool.pbtxt" --feed=x="$tmp/xc.npy" --fetch=pool --threads=0 \
  >/dev/null 2>"$tmp/stderr"
code=$?
[ $code = 2 ] && grep -q -- "--threads=0 must be between 1 and 256" "$tmp/stderr" &&
  echo "ok   [--threads=0 refused]" || fail "--threads=0" "exit $code: $(cat "$tmp/stderr")"

# --list-ops: one op a line, sorted, no repeats; pass-through ops included.
"$tfaotc" --list-ops >"$tmp/ops" 2>"$tmp/stderr" || fail "--list-ops" "$(cat "$tmp/stderr")"
if LC_ALL=C sort -uc "$tmp/ops" && grep -qx Conv2D "$tmp/ops" && grep -qx StopGradient "$tmp/ops" &&
   grep -qx FusedBatchNormV3 "$tmp/ops"; then
  echo "ok   [--list-ops: $(wc -l <"$tmp/ops") ops]"
else
  fail "--list-ops" "not sorted and unique, or missing Conv2D/StopGradient/FusedBatchNormV3"
fi
# Control flow is supported through the ops functionalize rewrites.
for op in Enter Exit LoopCond Merge NextIteration Switch While StatelessWhile If StatelessIf \
    TensorArrayV3 TensorArrayWriteV3 TensorArrayReadV3 TensorArrayGatherV3 TensorArrayScatterV3; do
  grep -qx "$op" "$tmp/ops" || fail "--list-ops" "missing $op"
done

# inspect: loops (frame, trip count when static, carried values with their
# types, invariants) and conditionals (predicate), nested as in the graph.
inspect_has() {  # NAME GRAPH LINE...
  local name=$1 graph=$2
  shift 2
  "$tfaotc" inspect "$graph" >"$tmp/inspect" 2>"$tmp/stderr" || fail "$name" "$(cat "$tmp/stderr")"
  for line in "$@"; do
    grep -qxF -- "$line" "$tmp/inspect" || fail "$name" "no line '$line' in: $(cat "$tmp/inspect")"
  done
  echo "ok   [$name]"
}
inspect_has "inspect: TF1 loops" "$data/while_loops.pbtxt" \
  "control flow (loops and conditionals as tfaotc rebuilds them):" \
  "  loop 'count' (frame 'count/while_context'): 10 iterations" \
  "    carried: count/Merge i32[], count/Merge_1 f32[4]" \
  "    invariant: count/x f32[4]" \
  "  loop 'until' (frame 'until/while_context'): iterations decided at run time"
inspect_has "inspect: tf.cond" "$data/cond.pbtxt" "  conditional 'cond' on 'less': 1 result"
inspect_has "inspect: TF2 While and If" "$data/tf2_while_if.pbtxt" \
  "  loop 'loop_1' (frame 'loop'): iterations decided at run time" \
  "    invariant: loop/Merge_2 i32[]" \
  "  conditional 'branch_1' on 'pos': 1 result"
"$tfaotc" inspect "$data/mul_add.pbtxt" >"$tmp/inspect" 2>&1
grep -q "control flow" "$tmp/inspect" && fail "inspect: no control flow" "a section for a graph without any"

if [ $failures -ne 0 ]; then
  echo "$failures run_command cases failed" >&2
  exit 1
fi
echo "all run_command cases passed"
