#!/bin/bash
# ARM's keyword-spotting models through `tfaotc run` from raw audio, as the
# README shows: DecodeWav's outputs fed (--feed=decoded_sample_data:0=audio
# --feed=decoded_sample_data:1=rate), Mfcc and labels_softmax fetched, and
# checked against the numpy oracle (kws_oracle.py); once by the generated
# code, once by the reference evaluators (--reference). Without the sample
# rate, the error says what to feed.
#
# usage: kws_run_test.sh TFAOTC KWS_ORACLE MODEL_NAME...   (reads $TFAOT_TFMODELS/kws)
set -u
tfaotc=$1
oracle=$2
shift 2
py=/usr/bin/python3
kws="${TFAOT_TFMODELS:-}/kws"
if [ -z "${TFAOT_TFMODELS:-}" ] || [ ! -d "$kws" ]; then
  echo "kws_run_test: no models: set TFAOT_TFMODELS to the folder holding kws/ (tools/test.sh does)" >&2
  exit 1
fi
tmp=${TEST_TMPDIR:-$(mktemp -d)}/kws_run
mkdir -p "$tmp"
"$py" "$oracle" clips "$tmp" || exit 1
failures=0
fail() {
  echo "FAIL [$1]: $2" >&2
  failures=$((failures + 1))
}

for model in "$@"; do
  graph="$kws/$model.pb"
  for mode in "" --reference; do
    clip=vowel
    [ -n "$mode" ] && clip=sweep
    if ! "$tfaotc" run $mode --graph="$graph" --feed=decoded_sample_data:0="$tmp/clip_$clip.npy" \
        --feed=decoded_sample_data:1="$tmp/rate.npy" --fetch=Mfcc="$tmp/mfcc.npy" \
        --fetch=labels_softmax="$tmp/probs.npy" >"$tmp/stdout" 2>"$tmp/stderr"; then
      fail "$model ${mode:-generated code}" "$(cat "$tmp/stderr")"
      continue
    fi
    if "$py" "$oracle" check "$graph" "$tmp/clip_$clip.npy" "$tmp/mfcc.npy" "$tmp/probs.npy"; then
      echo "ok   [$model ${mode:-generated code}]"
    else
      fail "$model ${mode:-generated code}" "differs from the oracle"
    fi
  done
done

# The sample rate forgotten: the error names the tensor to feed.
model=$1
"$tfaotc" run --graph="$kws/$model.pb" --feed=decoded_sample_data:0="$tmp/clip_vowel.npy" \
  --fetch=labels_softmax >/dev/null 2>"$tmp/stderr"
code=$?
if [ $code = 1 ] && [ "$(wc -l <"$tmp/stderr")" = 1 ] &&
   grep -q "still needed: decoded_sample_data:1.*--feed=decoded_sample_data:1=FILE.npy" "$tmp/stderr"; then
  echo "ok   [$model without the sample rate: $(cat "$tmp/stderr")]"
else
  fail "$model without the sample rate" "exit $code: $(cat "$tmp/stderr")"
fi

if [ $failures -ne 0 ]; then
  echo "$failures kws run cases failed" >&2
  exit 1
fi
echo "all kws run cases passed"
