"""cc_library, cc_binary and cc_test for tfaot's own targets: the native
rules with tfaot's C++ standard added.

Bazel 4's default toolchain compiles C++ with -std=c++0x; tfaot (and the LLVM
and abseil headers it uses) need C++17. Putting the flag on the targets,
rather than in a .bazelrc, lets a consumer workspace build them (tfaotc as a
tool of tf_aot_library) with no flags of its own. Every BUILD file with C++
targets loads these:

    load("//tools:cc.bzl", "cc_binary", "cc_library", "cc_test")
"""

# Added before a target's own copts. Not for C sources (GCC warns that the
# flag is for C++), so a target whose sources are all .c gets none.
TFAOT_CXXOPTS = ["-std=c++17"]

def _copts(srcs, copts):
    if srcs and all([s.endswith(".c") for s in srcs]):
        return copts
    return TFAOT_CXXOPTS + copts

def cc_library(name, srcs = [], copts = [], **kwargs):
    native.cc_library(name = name, srcs = srcs, copts = _copts(srcs, copts), **kwargs)

def cc_binary(name, srcs = [], copts = [], **kwargs):
    native.cc_binary(name = name, srcs = srcs, copts = _copts(srcs, copts), **kwargs)

def cc_test(name, srcs = [], copts = [], **kwargs):
    native.cc_test(name = name, srcs = srcs, copts = _copts(srcs, copts), **kwargs)
