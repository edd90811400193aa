#!/usr/bin/python3
"""Op-variant cases: small TensorFlow GraphDefs with a numpy oracle each.

Each case is a checked-in, readable graph `cases/<family>/<variant>/frozen_model.pbtxt`
(GraphDef text format as TensorFlow writes it: Placeholder and Const inputs, the op with
its attributes) for an attribute, dtype, rank or data format the TensorFlow corpus in
../shared/tfmodels does not exercise. The cases live in the cases_*.py files beside this
one (graphdef.py builds the graph text, oracles.py holds shared numpy oracles); this
driver is their single entry point:

  op_variants.py write-graphs CASES_DIR    (re)write the .pbtxt files (after editing a case)
  op_variants.py data CASES_DIR OUT_ROOT   check the .pbtxt files are current, then write
                                           OUT_ROOT/op_variants/<case>/ in the dl4j layout
                                           (frozen_model.pbtxt, in.<node>.npy, out.<node>.npy,
                                           and an empty `exact` for bit-exact cases)
                                           and OUT_ROOT/must_pass.txt listing every case

Inputs are seeded random values; expected outputs come from numpy (or hand arithmetic),
never from tfaot. Semantics follow TensorFlow's kernels (comments cite the ones that
matter). Needs only numpy.
"""
import os
import sys

import numpy as np

# Importing a cases module registers its cases.
import cases_audio  # noqa: F401
import cases_control  # noqa: F401
import cases_conv  # noqa: F401
import cases_dtypes  # noqa: F401
import cases_edges  # noqa: F401
import cases_empty  # noqa: F401
import cases_gemm  # noqa: F401
import cases_half  # noqa: F401
import cases_kernels  # noqa: F401
import cases_layers  # noqa: F401
import cases_linalg  # noqa: F401
import cases_misc  # noqa: F401
import cases_movement  # noqa: F401
import cases_resize  # noqa: F401
from graphdef import CASES, EXACT, rng_for

# ---- driver -------------------------------------------------------------------------

def _file_name(node):
    node, _, index = node.partition(".")
    return node.replace("/", "____") + ("." + index if index else "")


def build_case(name):
    g, feeds, outs = CASES[name](rng_for(name))
    return g.text(), feeds, outs


def write_graphs(cases_dir):
    for name in sorted(CASES):
        text, _, _ = build_case(name)
        d = os.path.join(cases_dir, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "frozen_model.pbtxt"), "w") as f:
            f.write(text)
    print("wrote %d graphs under %s" % (len(CASES), cases_dir))


def write_data(cases_dir, out_root):
    stale = []
    listed = []
    for name in sorted(CASES):
        text, feeds, outs = build_case(name)
        src = os.path.join(cases_dir, name, "frozen_model.pbtxt")
        if not os.path.exists(src) or open(src).read() != text:
            stale.append(name)
            continue
        d = os.path.join(out_root, "op_variants", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "frozen_model.pbtxt"), "w") as f:
            f.write(text)
        for node, value in feeds.items():
            np.save(os.path.join(d, "in.%s.npy" % _file_name(node)), np.asarray(value))
        for node, value in outs.items():
            np.save(os.path.join(d, "out.%s.npy" % _file_name(node)), np.asarray(value))
        if name in EXACT:
            open(os.path.join(d, "exact"), "w").close()
        listed.append("op_variants/" + name)
    with open(os.path.join(out_root, "must_pass.txt"), "w") as f:
        f.write("# every op-variant case must pass\n" + "".join(l + "\n" for l in listed))
    if stale:
        print("op_variants: %d checked-in graphs differ from op_variants.py (run "
              "`op_variants.py write-graphs tests/op_variants/cases`): %s"
              % (len(stale), ", ".join(stale)))
        return 1
    print("op_variants: wrote %d cases to %s" % (len(listed), out_root))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "write-graphs":
        write_graphs(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "data":
        return write_data(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
