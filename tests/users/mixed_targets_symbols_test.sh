#!/bin/bash
# In mixed_targets_test, which links conv_pool built for SSE2 (target =
# "generic") and for AVX2 statically into one binary, each target's runtime
# kernels are there, in its own inline namespace (runtime/isa.h): the linker
# kept both copies of FastConvMaxPool2D, not one for both models. No symbol
# of tfaot::rt is outside those namespaces except the ThreadPool interface's,
# the same for every target by design (the generated header names it; its
# only code is the empty virtual destructor), and StdThreadPool's, which
# comes from the test's own source (built with its flags, in no model).
#
# usage: mixed_targets_symbols_test.sh MIXED_TARGETS_TEST_BINARY
set -u
binary="$1"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# Defined symbols of tfaot::rt (mangled: N5tfaot2rt...).
nm --defined-only "$binary" | awk '{print $NF}' | grep 'N5tfaot2rt' | sort -u >rt.syms
[[ -s rt.syms ]] || fail "$binary defines no symbol of tfaot::rt"

for isa in isa_sse2 isa_avx2_fma_popcnt; do
  # <length><name>: the namespace's mangled form.
  ns="${#isa}$isa"
  n=$(grep -c "N5tfaot2rt${ns}" rt.syms)
  kernel=$(grep "N5tfaot2rt${ns}17FastConvMaxPool2D" rt.syms | head -n 1)
  if [[ -n "$kernel" ]]; then
    echo "ok   $n symbols in tfaot::rt::$isa, among them $(echo "$kernel" | c++filt)"
  else
    fail "no FastConvMaxPool2D in tfaot::rt::$isa ($n symbols there)"
  fi
done

outside=$(grep -vE 'N5tfaot2rt([0-9]+isa_|10ThreadPool|13StdThreadPool)' rt.syms)
if [[ -n "$outside" ]]; then
  fail "symbols of tfaot::rt in no target's namespace (one copy would serve every target):"
  echo "$outside" | c++filt | sed 's/^/    /'
else
  echo "ok   outside the targets' namespaces only ThreadPool's and StdThreadPool's symbols"
fi

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
