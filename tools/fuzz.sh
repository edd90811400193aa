#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS (README "Robustness"):
#
#   tools/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   TARGET: graphdef | config | checkpoint | saved_model
#
# Installs clang and its libFuzzer runtime (Debian clang-14,
# libclang-rt-14-dev), builds //tests/fuzz:TARGET_fuzzer with clang under
# --config=libfuzzer (ASan + UBSan + libFuzzer) in its own Bazel output base
# ($TFAOT_FUZZ_OUTPUT_BASE, default ~/.cache/tfaot-fuzz/bazel), so the
# workspace's gcc build is left alone, then
# fuzzes under `nice -n 19` from:
#   - the persistent corpus $TFAOT_FUZZ_DIR/corpus/TARGET (grows across runs);
#   - seeds gathered now: testdata/, tests/op_variants/cases/, the hand-made
#     seeds of tests/fuzz, and the small graphs, checkpoints and SavedModels
#     of ../shared/tfmodels (or $TFAOT_TFMODELS) - read, never copied here;
#   - the dictionary tests/fuzz/tfaot.dict plus the supported op names.
# Entropic scheduling is off (-entropic=0; a later -entropic=1 among the
# flags turns it back on): its per-feature bookkeeping was 36-50% of the
# graphdef and saved_model targets' time in perf, the harness itself 10-25%.
# Prints libFuzzer's final stats and one summary line, appended to
# $TFAOT_FUZZ_DIR/runs.tsv. A crash leaves its input in
# $TFAOT_FUZZ_DIR/crashes/TARGET/; check it in as
# tests/fuzz/regressions/TARGET/<name> (replayed by bazel test //...).
# Exit status: 0 when the run found nothing, 1 on a finding, 2 on misuse.
# The body is one block, so bash has read all of it before it runs: editing
# this file during a long run cannot change the run.
{
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

usage() { echo "usage: tools/fuzz.sh graphdef|config|checkpoint|saved_model SECONDS [libFuzzer flags...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
target="$1" seconds="$2"
shift 2
case "$target" in graphdef|config|checkpoint|saved_model) ;; *) usage ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

./tools/setup.sh clang-14 libclang-rt-14-dev

work="${TFAOT_FUZZ_DIR:-$HOME/.cache/tfaot-fuzz}"
models="${TFAOT_TFMODELS:-$root/../shared/tfmodels}"
mkdir -p "$work/corpus/$target" "$work/crashes/$target"

# Its own output base: clang must not replace the gcc toolchain (and cache) of
# the default one. The server exits after 10 idle minutes.
bazel_fuzz=(bazel --output_base="${TFAOT_FUZZ_OUTPUT_BASE:-$HOME/.cache/tfaot-fuzz/bazel}" --max_idle_secs=600)
# --symlink_prefix=/: no bazel-bin/bazel-out links, which would otherwise point
# the workspace's links at this output base.
"${bazel_fuzz[@]}" build -c opt --config=libfuzzer --repo_env=CC=clang-14 --symlink_prefix=/ \
  //tests/fuzz:{graphdef,config,checkpoint,saved_model}_fuzzer //tests/fuzz:{checkpoint,saved_model}_seeds
bin="$("${bazel_fuzz[@]}" info -c opt --config=libfuzzer --repo_env=CC=clang-14 bazel-bin 2>/dev/null)"

# ---- Seeds, gathered afresh for every run ----------------------------------------
seeds="$work/seeds/$target"
rm -rf "$seeds"
mkdir -p "$seeds"
sep='@@TFAOT-FILE@@'
n=0
add() { cp "$1" "$seeds/$(printf '%05d' $n)-$(basename "$1")"; n=$((n + 1)); }
small() { [[ -f "$1" && $(stat -c %s "$1") -le $2 ]]; }
have_models=false
[[ -d "$models" ]] && have_models=true
case "$target" in
  graphdef)
    max_len=65536
    while IFS= read -r f; do add "$f"; done < <(
      find testdata tests/op_variants/cases -name '*.pbtxt' ! -name '*config.pbtxt' | sort)
    if $have_models; then
      while IFS= read -r f; do small "$f" $max_len && add "$f"; done < <(
        find "$models" \( -name '*.pb' -o -name '*.pbtxt' \) ! -name 'saved_model.pb*' | sort)
    fi ;;
  config)
    max_len=4096
    for f in tests/fuzz/seeds/config/* $(find testdata -name '*config.pbtxt' | sort); do add "$f"; done ;;
  checkpoint)
    max_len=65536
    for f in "$bin"/tests/fuzz/seeds/checkpoint/*; do add "$f"; done
    if $have_models; then
      while IFS= read -r index; do
        prefix="${index%.index}"
        out="$seeds/$(printf '%05d' $n)-$(basename "$prefix")"
        { cat "$index"; for d in "$prefix".data-*; do [[ -f "$d" ]] && { printf '%s' "$sep"; cat "$d"; }; done; } > "$out"
        n=$((n + 1))
        small "$out" $max_len || rm -f "$out"
      done < <(find "$models" -name '*.index' | sort)
    fi ;;
  saved_model)
    # TF2 SavedModels above 32 KiB (function libraries of the saver's
    # tf.functions) ran at ~36 exec/s against ~520 for those under 16 KiB; they
    # stay out of the seeds, and the corpus is truncated to max_len on load.
    max_len=32768
    for f in "$bin"/tests/fuzz/seeds/saved_model/*; do add "$f"; done
    if $have_models; then
      while IFS= read -r pb; do
        dir="$(dirname "$pb")"
        out="$seeds/$(printf '%05d' $n)-$(basename "$dir")"
        { cat "$pb"
          if [[ -f "$dir/variables/variables.index" ]]; then
            printf '%s' "$sep"; cat "$dir/variables/variables.index"
            for d in "$dir"/variables/variables.data-*; do [[ -f "$d" ]] && { printf '%s' "$sep"; cat "$d"; }; done
          fi; } > "$out"
        n=$((n + 1))
        small "$out" $max_len || rm -f "$out"
      done < <(find "$models" -name 'saved_model.pb' | sort)
    fi ;;
esac
$have_models || echo "fuzz.sh: no $models; seeds from the repository only" >&2

dict="$work/$target.dict"
{ cat tests/fuzz/tfaot.dict
  grep -ohE '^TFAOT_(OP|UNARY|BINARY|COMPARE|PREDICATE)\(([A-Za-z0-9_]+)' \
    compiler/ops/op_list.def compiler/ops/elementwise/elementwise_ops.def |
    sed -E 's/.*\(([A-Za-z0-9_]+)/"\1"/' | sort -u
} > "$dict"

# ---- Fuzz ------------------------------------------------------------------------------
log="$work/last-$target.log"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
# No allocation stacks in ASan reports (replaying the crash input with
# ASAN_OPTIONS= prints them): unwinding and storing a stack for every malloc
# was a large share of each execution.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"
echo "fuzz.sh: $target for ${seconds}s, $(ls "$seeds" | wc -l) seeds, corpus $work/corpus/$target" >&2
set +e
(cd "$work" && nice -n 19 "$bin/tests/fuzz/${target}_fuzzer" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 \
  -entropic=0 -dict="$dict" -artifact_prefix="$work/crashes/$target/" -print_final_stats=1 \
  "$@" "$work/corpus/$target" "$seeds") 2>&1 | tee "$log" | grep -vE '^#[0-9]+\s+(NEW|REDUCE|pulse)' 
status=${PIPESTATUS[0]}
set -e

execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
corpus_n=$(ls "$work/corpus/$target" | wc -l)
result=clean
[[ $status -eq 0 ]] || result="finding (exit $status; input in $work/crashes/$target/)"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$seconds" "${execs:-0}" \
  "${cov:-?}" "${ft:-?}" "$corpus_n" "$result" >> "$work/runs.tsv"
echo "fuzz: $target ${seconds}s: ${execs:-0} executions, cov ${cov:-?} edges, ft ${ft:-?} features, corpus $corpus_n, $result"
[[ $status -eq 0 ]] || exit 1
exit 0
}
