#!/usr/bin/python3
"""Wrong test_data for the MLP's generated test (harness_test.sh): each case
is a directory of .npy files the test must reject with a clear message.

usage: bad_data.py GOOD_DIR OUT_DIR   (GOOD_DIR: mlp_oracle.py's x/probs/hidden.npy)
"""
import os
import shutil
import sys

import numpy as np


def main():
    good, out = sys.argv[1], sys.argv[2]
    x = np.load(os.path.join(good, "x.npy"))
    probs = np.load(os.path.join(good, "probs.npy"))

    def case(name, files):
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        for file_name, value in files.items():
            np.save(os.path.join(d, file_name), value)

    wrong = probs.copy()
    wrong[1, 2] += 0.01  # beyond 1e-5 + 1e-4 |want|
    case("wrong_value", {"x.npy": x, "probs.npy": wrong})
    case("no_feed", {"probs.npy": probs})
    case("no_fetch", {"x.npy": x})
    case("unknown_name", {"x.npy": x, "probs.npy": probs, "logits.npy": probs})
    case("wrong_dtype", {"x.npy": x.astype(np.float64), "probs.npy": probs})
    case("wrong_size", {"x.npy": x[:1], "probs.npy": probs})
    d = os.path.join(out, "not_npy")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(good, "x.npy"), os.path.join(d, "x.npy"))
    with open(os.path.join(d, "probs.npy"), "w") as f:
        f.write("probs\n")


if __name__ == "__main__":
    main()
