#!/bin/bash
# The recurrent keyword-spotting networks of ../shared/tfmodels/kws (LSTM,
# Basic_LSTM, GRU, CRNN) run through their while loops and TensorArrays when
# the MFCC tensor is fed directly (`--feed=Mfcc:0=...`; the audio front-end
# before it is another matter). Each runs twice on the same seeded features:
# as generated code and with the ops' reference evaluators (`--reference`,
# which interpret the loop regions); the two paths must agree, and the
# result must be a probability distribution over the 12 labels.
#
# usage: kws_recurrent_test.sh TFAOTC   (reads $TFAOT_TFMODELS)
set -u
tfaotc=$1
models=${TFAOT_TFMODELS:-}
py=/usr/bin/python3
if [ -z "$models" ] || [ ! -d "$models/kws" ]; then
  echo "SKIPPED: no TensorFlow test models (set TFAOT_TFMODELS); this is not a pass" >&2
  exit 1
fi
tmp=${TEST_TMPDIR:-$(mktemp -d)}/kws
mkdir -p "$tmp"
failures=0
# model:frames (the MFCC frames each graph reshapes its input to)
for spec in LSTM:25 GRU:25 Basic_LSTM:49 CRNN:49; do
  model=${spec%%:*}
  frames=${spec##*:}
  "$py" -c "import numpy as np; np.save('$tmp/$model.in.npy',
      (np.random.RandomState($frames).randn(1, $frames, 10) * 8).astype(np.float32))"
  for mode in compiled reference; do
    flag=""
    [ $mode = reference ] && flag=--reference
    if ! "$tfaotc" run $flag --graph="$models/kws/${model}_S.pb" --feed=Mfcc:0="$tmp/$model.in.npy" \
        --fetch=labels_softmax="$tmp/$model.$mode.npy" >/dev/null 2>"$tmp/stderr"; then
      echo "FAIL [$model $mode]: $(cat "$tmp/stderr")" >&2
      failures=$((failures + 1))
    fi
  done
  if ! "$py" -c "
import numpy as np, sys
a = np.load('$tmp/$model.compiled.npy'); b = np.load('$tmp/$model.reference.npy')
ok = a.shape == (1, 12) and np.allclose(a, b, rtol=1e-4, atol=1e-5) and abs(a.sum() - 1) < 1e-5
print('$model', 'compiled', a.ravel()[:4], 'reference', b.ravel()[:4], 'max diff', np.abs(a - b).max())
sys.exit(0 if ok else 1)"; then
    echo "FAIL [$model]: compiled and reference results disagree or are not probabilities" >&2
    failures=$((failures + 1))
  fi
done
if [ $failures -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all kws recurrent models ran"
