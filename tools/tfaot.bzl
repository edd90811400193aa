"""tf_aot_library: compiles a TensorFlow graph into a cc_library with tfaotc.

    load("@tfaot//tools:tfaot.bzl", "tf_aot_library")   # "//tools:tfaot.bzl" inside tfaot

    tf_aot_library(
        name = "my_model",                 # header: "<package>/my_model.h"
        graph = "my_model.pb",             # frozen GraphDef, binary or text
        config = "my_model.config.pbtxt",  # tf2xla.Config: feeds and fetches
        cpp_class = "my_ns::MyModel",
        gen_test = True,                   # :my_model_test
        gen_benchmark = True,              # :my_model_benchmark
    )

Then depend on ":my_model" and `#include "<package>/my_model.h"`.
Every label here is a Label(), so the macro works from any workspace that
calls tfaot_dependencies() (tools/deps.bzl).
"""

# Compiler flags per tfaotc --target (mirrors compiler/codegen/target.cc and
# tools/cmake/tfaotConfig.cmake).
_TARGET_COPTS = {
    "generic": [],
    "avx2": ["-mavx2", "-mfma"],
    "avx512": ["-march=x86-64-v4"],
    "native": ["-march=native"],
}

# The consumer's toolchain may default to an older standard (Bazel 4's to
# -std=c++0x); the generated code, the runtime and the harnesses need C++17.
_CXX17 = ["-std=c++17"]

def tf_aot_library(
        name,
        cpp_class,
        graph = None,
        config = None,
        checkpoint = None,
        saved_model = None,
        target = "avx2",
        fast_math = False,
        tfaotc_flags = [],
        gen_test = False,
        test_data = [],
        gen_benchmark = False,
        deps = [],
        visibility = None,
        testonly = False,
        tags = []):
    """Compiles `graph` with `config` into a cc_library named `name`.

    Args:
      name: the cc_library; its header is "<package>/<name>.h".
      graph: label of the frozen GraphDef (.pb binary or .pbtxt text).
      config: label of the tf2xla.Config text file naming feeds and fetches
        (optional only with saved_model: then the signature names them).
      checkpoint: instead of graph, the files of a TensorFlow checkpoint (a
        filegroup or list holding <prefix>.index, <prefix>.data-*, <prefix>.meta);
        tfaotc freezes it with the config's fetches.
      saved_model: instead of graph, the files of a SavedModel (saved_model.pb
        and variables/*).
      cpp_class: the generated class, with namespaces ("ns::Name").
      target: instruction set: "generic" (SSE2), "avx2" (AVX2+FMA, default),
        "avx512" (x86-64-v4) or "native"; sets tfaotc --target and the copts.
      fast_math: build the generated code with -ffast-math. Off by default:
        results then follow IEEE arithmetic as TensorFlow's CPU kernels do. On
        request the compiler may reassociate sums and contract to FMA, so
        results differ from TensorFlow's in the last bits, and NaN/Inf inputs
        are no longer handled as TensorFlow handles them.
      tfaotc_flags: extra tfaotc flags.
      gen_test: also create `<name>_test`, a cc_test that runs the class and
        checks its results (tools/harness/model_test.h).
      test_data: for gen_test: `<feed>.npy` for every feed and `<fetch>.npy`
        for the fetches to compare (at least one). Without it the test checks
        that the model runs, its outputs are finite, two runs and two
        instances agree.
      gen_benchmark: also create `<name>_benchmark`, a cc_binary printing the
        median and p90 latency of Run() (`[--runs=N]`).
      deps: extra deps of the cc_library.
      visibility: visibility of the cc_library.
      testonly: as for any rule.
      tags: as for any rule; applied to every target the macro creates.
    """
    if target not in _TARGET_COPTS:
        fail("tf_aot_library(%s): target must be one of %s" % (name, sorted(_TARGET_COPTS.keys())))
    if test_data and not gen_test:
        fail("tf_aot_library(%s): test_data is for gen_test = True" % name)
    header = name + ".h"
    package = native.package_name()
    include = (package + "/" + header) if package else header
    _tfaotc_genrule(
        name = name,
        cpp_class = cpp_class,
        graph = graph,
        config = config,
        checkpoint = checkpoint,
        saved_model = saved_model,
        include = include,
        flags = ["--target=%s" % target] + tfaotc_flags,
        testonly = testonly,
        tags = tags,
    )
    native.cc_library(
        name = name,
        hdrs = [header],
        srcs = [name + ".cc"],
        # -O3: GCC vectorizes the generated loops at -O3 (its -O2 cost model
        # leaves many alone). -Wno-psabi: below AVX-512 GCC notes that the fast
        # kernels' 16-float vectors by value are passed differently than in
        # an AVX-512 build; all of one model's calls are built with the same
        # flags (models of other targets in the binary call their own copies:
        # runtime/isa.h). -ffast-math only on request (see fast_math).
        copts = _CXX17 + ["-O3", "-Wno-psabi"] + _TARGET_COPTS[target] +
                (["-ffast-math"] if fast_math else []),
        deps = [Label("//runtime")] + deps,
        visibility = visibility,
        testonly = testonly,
        tags = tags,
    )
    if gen_test:
        _harness_main(name, "test", include, cpp_class, "ModelTest", tags)
        native.cc_test(
            name = name + "_test",
            srcs = [name + "_test.cc"],
            args = ["$(rootpaths %s)" % f for f in test_data],
            data = test_data,
            copts = _CXX17,
            deps = [":" + name, Label("//tools/harness:model_test")],
            size = "small",
            tags = tags,
        )
    if gen_benchmark:
        _harness_main(name, "benchmark", include, cpp_class, "ModelBenchmark", tags, testonly)
        native.cc_binary(
            name = name + "_benchmark",
            srcs = [name + "_benchmark.cc"],
            copts = _CXX17 + ["-O2"],
            deps = [":" + name, Label("//tools/harness:model_benchmark")],
            testonly = testonly,
            tags = tags,
        )

def _tfaotc_genrule(name, cpp_class, graph, config, checkpoint, saved_model, include, flags,
                    testonly, tags):
    """Runs tfaotc (a tool: built for the host) into <name>.h and <name>.cc."""
    sources = [x for x in [graph, checkpoint, saved_model] if x != None]
    if len(sources) != 1:
        fail("tf_aot_library(%s): give exactly one of graph, checkpoint, saved_model" % name)
    if config == None and saved_model == None:
        fail("tf_aot_library(%s): config is required" % name)
    header = name + ".h"
    source = name + ".cc"
    tfaotc = Label("//compiler/driver:tfaotc")
    srcs = []
    prelude = ""
    if graph != None:
        srcs.append(graph)
        model_flag = "--graph=$(location %s)" % graph
    elif checkpoint != None:
        files = checkpoint if type(checkpoint) == "list" else [checkpoint]
        srcs += files
        locations = " ".join(["$(locations %s)" % f for f in files])
        prelude = ("prefix=; for f in %s; do case $$f in *.index) prefix=$${f%%.index};; esac; done; " +
                   "test -n \"$$prefix\" || { echo 'tf_aot_library: no .index file among the checkpoint files' >&2; exit 1; }; ") % locations
        model_flag = "--checkpoint=$$prefix"
    else:
        files = saved_model if type(saved_model) == "list" else [saved_model]
        srcs += files
        locations = " ".join(["$(locations %s)" % f for f in files])
        prelude = ("dir=; for f in %s; do case $$f in */saved_model.pb|*/saved_model.pbtxt) dir=$$(dirname $$f);; esac; done; " +
                   "test -n \"$$dir\" || { echo 'tf_aot_library: no saved_model.pb among the saved_model files' >&2; exit 1; }; ") % locations
        model_flag = "--saved_model=$$dir"
    config_flags = []
    if config != None:
        srcs.append(config)
        config_flags = ["--config=$(location %s)" % config]
    native.genrule(
        name = name + "_tfaotc",
        srcs = srcs,
        outs = [header, source],
        tools = [tfaotc],
        cmd = prelude + " ".join([
            "$(location %s)" % tfaotc,
            model_flag,
        ] + config_flags + [
            "--cpp_class=%s" % cpp_class,
            "--out_header=$(location %s)" % header,
            "--out_source=$(location %s)" % source,
            "--header_include=%s" % include,
        ] + flags),
        message = "tfaotc: compiling %s" % sources[0],
        testonly = testonly,
        tags = tags,
        visibility = ["//visibility:private"],
    )

def _harness_main(name, kind, include, cpp_class, function, tags, testonly = True):
    """Writes <name>_<kind>.cc: a main() calling tfaot::harness::<function><cpp_class>."""
    lines = [
        "// Generated by tf_aot_library(gen_%s = True) for %s." % (kind, cpp_class),
        "#include \"%s\"" % include,
        "#include \"tools/harness/model_%s.h\"" % kind,
        "int main(int argc, char** argv) { return tfaot::harness::%s<%s>(argc, argv); }" % (function, cpp_class),
    ]
    native.genrule(
        name = "%s_%s_main" % (name, kind),
        outs = ["%s_%s.cc" % (name, kind)],
        cmd = "printf '%%s\\n' %s > $@" % " ".join(["'%s'" % line for line in lines]),
        testonly = testonly,
        tags = tags,
        visibility = ["//visibility:private"],
    )

def graph_pb(name, src, testonly = False, visibility = None):
    """Turns a text GraphDef (.pbtxt) into a binary one (<name>.pb) at build time."""
    tool = Label("//tools:pbtxt_to_pb")
    native.genrule(
        name = name,
        srcs = [src],
        outs = [name + ".pb"],
        tools = [tool],
        cmd = "$(location %s) $< $@" % tool,
        testonly = testonly,
        visibility = visibility,
    )
