#!/bin/bash
# Bad inputs: each must give the documented exit code (exit_codes.h),
# exactly one line on stderr starting `tfaotc: error:` that names what is
# wrong, and leave no output file behind.
#
# usage: errors_test.sh TFAOTC TESTDATA_DIR
set -u
tfaotc=$1
data=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}/errors
mkdir -p "$tmp"
failures=0
n=0

# expect NAME EXIT_CODE "TEXT1|TEXT2..." -- tfaotc args (outputs go to $out)
expect() {
  local name=$1 code=$2 texts=$3
  shift 4
  n=$((n + 1))
  out="$tmp/case$n"
  rm -rf "$out"
  mkdir -p "$out"
  local args=()
  for a in "$@"; do args+=("${a//@OUT@/$out}"); done
  "$tfaotc" "${args[@]}" >"$tmp/stdout" 2>"$tmp/stderr"
  local got=$?
  local ok=1
  if [ "$got" != "$code" ]; then
    echo "FAIL [$name]: exit code $got, expected $code" >&2
    ok=0
  fi
  local lines
  lines=$(wc -l <"$tmp/stderr")
  if [ "$lines" != 1 ]; then
    echo "FAIL [$name]: $lines lines on stderr, expected 1" >&2
    ok=0
  fi
  if ! head -n 1 "$tmp/stderr" | grep -q '^tfaotc: error: '; then
    echo "FAIL [$name]: stderr does not start with 'tfaotc: error: '" >&2
    ok=0
  fi
  local IFS='|'
  for t in $texts; do
    if ! grep -qF -- "$t" "$tmp/stderr"; then
      echo "FAIL [$name]: stderr does not mention '$t'" >&2
      ok=0
    fi
  done
  if [ -n "$(ls -A "$out")" ]; then
    echo "FAIL [$name]: output left behind: $(ls -A "$out")" >&2
    ok=0
  fi
  if [ $ok = 1 ]; then
    echo "ok   [$name] exit $got: $(cat "$tmp/stderr")"
  else
    echo "     stderr was: $(cat "$tmp/stderr")" >&2
    failures=$((failures + 1))
  fi
}

outs=(--out_header=@OUT@/m.h --out_source=@OUT@/m.cc)
mul_add=(--graph="$data/mul_add.pbtxt" --cpp_class=M)

expect "unknown op" 4 "node 'weird'|FrobnicateV7|--list-ops" -- \
  --graph="$data/errors/unknown_op.pbtxt" --config="$data/errors/x_to_out.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "feed names a missing node" 1 "a feed names node 'xx'|did you mean|'x'" -- \
  "${mul_add[@]}" --config="$data/errors/missing_feed.config.pbtxt" "${outs[@]}"
expect "fetch names a missing node" 1 "a fetch names node 'op_to_stor'|did you mean 'op_to_store'" -- \
  "${mul_add[@]}" --config="$data/errors/missing_fetch.config.pbtxt" "${outs[@]}"
expect "feed without a shape" 1 "feed 'x'|[?,4]|shape { dim { size: N }" -- \
  --graph="$data/mlp.pbtxt" --config="$data/errors/no_shape.config.pbtxt" --cpp_class=M \
  "${outs[@]}"
expect "unfed placeholder" 1 "node 'y' (Placeholder)|not fed" -- \
  "${mul_add[@]}" --config="$data/errors/unfed_placeholder.config.pbtxt" "${outs[@]}"
expect "unreadable graph" 3 "$tmp/no_such_graph.pb|cannot open" -- \
  --graph="$tmp/no_such_graph.pb" --config="$data/mul_add.config.pbtxt" --cpp_class=M \
  "${outs[@]}"
expect "unreadable config" 3 "no_such.config.pbtxt|cannot open" -- \
  "${mul_add[@]}" --config="$tmp/no_such.config.pbtxt" "${outs[@]}"
printf '\x08\x96\x01\xff\xfe\x00garbage\x12' >"$tmp/garbage.pb"
expect "garbage bytes" 1 "garbage.pb|not a valid binary GraphDef" -- \
  --graph="$tmp/garbage.pb" --config="$data/mul_add.config.pbtxt" --cpp_class=M "${outs[@]}"
expect "bad text graph" 1 "bad_syntax.pbtxt|not a valid text GraphDef|line 5|opp" -- \
  --graph="$data/errors/bad_syntax.pbtxt" --config="$data/mul_add.config.pbtxt" --cpp_class=M \
  "${outs[@]}"
expect "bad text config" 1 "mul_add.pbtxt|not a valid text tf2xla.Config" -- \
  "${mul_add[@]}" --config="$data/mul_add.pbtxt" "${outs[@]}"
expect "cycle" 1 "cycle|node '" -- \
  --graph="$data/errors/cycle.pbtxt" --config="$data/errors/cycle.config.pbtxt" --cpp_class=M \
  "${outs[@]}"
expect "merge without its switch" 1 "node 'm' (Merge)|neither of which comes from a Switch" -- \
  --graph="$data/errors/merge_without_switch.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "loop value changes shape" 1 "node 'grow' (While)|'grow/Merge_1'|float[2]|float[4]" -- \
  --graph="$data/errors/loop_grows.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "loop frame without an Exit" 1 "fetch 'y' reads 'y'|inside the loop frame 'w'|Exit" -- \
  --graph="$data/errors/loop_without_exit.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "Enter frame names disagree" 1 "node 'w/Switch_1' (Switch)|frame 'w_typo'|frame 'w'|mismatched frames" -- \
  --graph="$data/errors/loop_frame_names_disagree.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "NextIteration into another frame's Merge" 1 "node 'v/Merge_1' (Merge)|'w/NextIteration_1' from frame 'w'|mismatched frames" -- \
  --graph="$data/errors/next_iteration_of_another_frame.pbtxt" \
  --config="$data/errors/x_to_y.config.pbtxt" --cpp_class=M "${outs[@]}"
expect "TensorArray of run-time size" 1 "node 'ta' (TensorArrayV3)|input 0 (size) must be known at compile time|'n'|constant {" -- \
  --graph="$data/errors/tensor_array_runtime_size.pbtxt" \
  --config="$data/errors/x_n_to_y.config.pbtxt" --cpp_class=M "${outs[@]}"
expect "TensorArray of unknown element shape" 1 "node 'read' (TensorArrayReadV3)|TensorArray 'ta'|element shape is not known|element_shape" -- \
  --graph="$data/errors/tensor_array_unknown_element.pbtxt" \
  --config="$data/errors/x_to_y.config.pbtxt" --cpp_class=M "${outs[@]}"
expect "loop condition not a bool" 1 "node 'w' (While)|'w/i_cast' is float[]|not a bool scalar" -- \
  --graph="$data/errors/loop_condition_not_bool.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "dtype mismatch" 1 "node 'mixed' (Add)|int32|float" -- \
  --graph="$data/errors/dtype_mismatch.pbtxt" --config="$data/errors/dtype_mismatch.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "a feed decides a shape" 1 "node 'y' (Reshape)|must be known at compile time|'shape'|constants" -- \
  --graph="$data/reshape_by_feed.pbtxt" --config="$data/errors/reshape_by_feed.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "constant too large" 1 "node 'c' (Const)|[100000,100000]|2 GiB" -- \
  --graph="$data/errors/huge_constant.pbtxt" --config="$data/errors/y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "size overflows 64 bits" 1 "node 'y' (Fill)|[4000000000,4000000000,4000000000]|64 GiB" -- \
  --graph="$data/errors/huge_fill.pbtxt" --config="$data/errors/y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "reads a missing output" 1 "node 'y' reads 'x:7'|only output 0" -- \
  --graph="$data/errors/bad_output_index.pbtxt" --config="$data/errors/x_to_y.config.pbtxt" \
  --cpp_class=M "${outs[@]}"
expect "fetch of a missing output" 1 "node 'op_to_store' (Add)|op_to_store:2|only 1 output" -- \
  "${mul_add[@]}" --config="$data/errors/fetch_missing_output.config.pbtxt" "${outs[@]}"
expect "bad --cpp_class" 2 "--cpp_class|9lives" -- \
  "${mul_add[@]/--cpp_class=M/--cpp_class=ns::9lives}" --config="$data/mul_add.config.pbtxt" \
  "${outs[@]}"
expect "reserved word in --cpp_class" 2 "--cpp_class|class" -- \
  --graph="$data/mul_add.pbtxt" --cpp_class=ns::class --config="$data/mul_add.config.pbtxt" \
  "${outs[@]}"
expect "unknown --print-after pass" 2 "--print-after|no-such-pass|fuse-elementwise" -- \
  "${mul_add[@]}" --config="$data/mul_add.config.pbtxt" --print-after=no-such-pass "${outs[@]}"
expect "missing --graph" 2 "--graph" -- \
  --config="$data/mul_add.config.pbtxt" --cpp_class=M "${outs[@]}"
expect "missing --out_source" 2 "--out_source" -- \
  "${mul_add[@]}" --config="$data/mul_add.config.pbtxt" --out_header=@OUT@/m.h
expect "flag without its value" 2 "--graph option|requires a value" -- \
  --config="$data/mul_add.config.pbtxt" --cpp_class=M "${outs[@]}" --graph
expect "unknown flag" 2 "--no_such_flag" -- \
  "${mul_add[@]}" --config="$data/mul_add.config.pbtxt" --no_such_flag "${outs[@]}"
# The audio front-end (DecodeWav -> AudioSpectrogram -> Mfcc): configs that
# fix tensors to constants, and bad attributes.
audio=(--graph="$data/audio_frontend.pbtxt" --cpp_class=M "${outs[@]}")
audio_feed='feed { id { node_name: "decoded_sample_data" } shape { dim { size: 8000 } dim { size: 1 } } type: DT_FLOAT }
fetch { id { node_name: "fingerprint" } }'
rate() {  # a constant entry: NODE INDEX DTYPE VALUE
  echo "constant { id { node_name: \"$1\" output_index: $2 } value { dtype: $3 tensor_shape { } int_val: $4 } }"
}
printf '%s\n' "$audio_feed" >"$tmp/audio_no_rate.config.pbtxt"
printf '%s\n%s\n' "$audio_feed" "$(rate decoded_sample_dat 1 DT_INT32 16000)" >"$tmp/audio_typo.config.pbtxt"
printf '%s\n%s\n' "$audio_feed" "$(rate decoded_sample_data 1 DT_INT64 16000)" >"$tmp/audio_int64.config.pbtxt"
printf '%s\n%s\n%s\n' "$audio_feed" "$(rate decoded_sample_data 1 DT_INT32 16000)" \
  'feed { id { node_name: "decoded_sample_data" output_index: 1 } shape { } type: DT_INT32 }' \
  >"$tmp/audio_fed_and_fixed.config.pbtxt"
printf '%s\n%s\n' "$audio_feed" \
  'feed { id { node_name: "decoded_sample_data" output_index: 1 } shape { } type: DT_INT32 }' \
  >"$tmp/audio_rate_fed.config.pbtxt"
printf '%s\n%s\n' "$audio_feed" "$(rate decoded_sample_data 1 DT_INT32 16000)" >"$tmp/audio.config.pbtxt"
expect "audio: sample rate not given" 1 "'wav_data' (Placeholder) holds strings|still needed: decoded_sample_data:1|constant" -- \
  "${audio[@]}" --config="$tmp/audio_no_rate.config.pbtxt"
printf '%s\n' 'fetch { id { node_name: "fingerprint" } }' >"$tmp/audio_nothing_fed.config.pbtxt"
expect "audio: DecodeWav left unfed" 1 "'wav_data' (Placeholder) holds strings|reader 'decoded_sample_data' (DecodeWav)|still needed: decoded_sample_data:0, decoded_sample_data:1" -- \
  "${audio[@]}" --config="$tmp/audio_nothing_fed.config.pbtxt"
expect "audio: constant names a missing node" 1 "a constant in the config names node 'decoded_sample_dat'|did you mean 'decoded_sample_data'" -- \
  "${audio[@]}" --config="$tmp/audio_typo.config.pbtxt"
expect "audio: constant of the wrong dtype" 1 "node 'mfcc' (Mfcc)|input 1 has dtype int64|int32" -- \
  "${audio[@]}" --config="$tmp/audio_int64.config.pbtxt"
expect "audio: fed and fixed" 1 "tensor 'decoded_sample_data:1' is both fed and fixed" -- \
  "${audio[@]}" --config="$tmp/audio_fed_and_fixed.config.pbtxt"
expect "audio: sample rate fed at run time" 1 "node 'mfcc' (Mfcc)|input 1 (sample_rate) must be known at compile time|constant {" -- \
  "${audio[@]}" --config="$tmp/audio_rate_fed.config.pbtxt"
sed 's/key: "window_size" value { i: 480 }/key: "window_size" value { i: 1 }/' \
  "$data/audio_frontend.pbtxt" >"$tmp/audio_window_1.pbtxt"
expect "audio: window_size 1" 1 "node 'spectrogram' (AudioSpectrogram)|window_size must be > 1" -- \
  --graph="$tmp/audio_window_1.pbtxt" --config="$tmp/audio.config.pbtxt" --cpp_class=M "${outs[@]}"
sed 's/key: "upper_frequency_limit" value { f: 4000 }/key: "upper_frequency_limit" value { f: 9000 }/' \
  "$data/audio_frontend.pbtxt" >"$tmp/audio_upper_9k.pbtxt"
expect "audio: upper limit past the spectrum" 1 "node 'mfcc' (Mfcc)|upper_frequency_limit 9000 Hz is past the spectrogram's last bin" -- \
  --graph="$tmp/audio_upper_9k.pbtxt" --config="$tmp/audio.config.pbtxt" --cpp_class=M "${outs[@]}"
sed 's/key: "dct_coefficient_count" value { i: 13 }/key: "dct_coefficient_count" value { i: 41 }/' \
  "$data/audio_frontend.pbtxt" >"$tmp/audio_dct_41.pbtxt"
expect "audio: more coefficients than channels" 1 "node 'mfcc' (Mfcc)|dct_coefficient_count must be in [1, filterbank_channel_count = 40], got 41" -- \
  --graph="$tmp/audio_dct_41.pbtxt" --config="$tmp/audio.config.pbtxt" --cpp_class=M "${outs[@]}"

# The header could be written, the source cannot: neither may be left.
expect "unwritable output directory" 3 "$tmp/no_such_dir/m.cc|cannot write" -- \
  "${mul_add[@]}" --config="$data/mul_add.config.pbtxt" --out_header=@OUT@/m.h \
  --out_source="$tmp/no_such_dir/m.cc"

# And the good case writes both files (so the checks above mean something).
out="$tmp/good"
mkdir -p "$out"
if ! "$tfaotc" "${mul_add[@]}" --config="$data/mul_add.config.pbtxt" \
    --out_header="$out/m.h" --out_source="$out/m.cc" 2>"$tmp/stderr" ||
    [ -s "$tmp/stderr" ] || [ "$(ls "$out")" != "$(printf 'm.cc\nm.h')" ]; then
  echo "FAIL [good input]: $(cat "$tmp/stderr"); wrote: $(ls "$out")" >&2
  failures=$((failures + 1))
fi

if [ $failures -ne 0 ]; then
  echo "$failures of $n error cases failed" >&2
  exit 1
fi
echo "all $n error cases passed"
