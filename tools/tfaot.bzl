"""tf_aot_library: compiles a TensorFlow graph into a cc_library with tfaotc.

    load("//tools:tfaot.bzl", "tf_aot_library")

    tf_aot_library(
        name = "my_model",                 # header: "<package>/my_model.h"
        graph = "my_model.pb",             # frozen GraphDef, binary or text
        config = "my_model.config.pbtxt",  # tf2xla.Config: feeds and fetches
        cpp_class = "my_ns::MyModel",
    )

Then depend on ":my_model" and `#include "<package>/my_model.h"`.
"""

def tf_aot_library(
        name,
        graph,
        config,
        cpp_class,
        tfaotc_flags = [],
        deps = [],
        visibility = None,
        testonly = False,
        tags = []):
    """Compiles `graph` with `config` into a cc_library named `name`.

    Args:
      name: the cc_library; its header is "<package>/<name>.h".
      graph: label of the frozen GraphDef (.pb binary or .pbtxt text).
      config: label of the tf2xla.Config text file naming feeds and fetches.
      cpp_class: the generated class, with namespaces ("ns::Name").
      tfaotc_flags: extra tfaotc flags.
      deps: extra deps of the cc_library.
      visibility: visibility of the cc_library.
      testonly: as for any rule.
      tags: as for any rule.
    """
    header = name + ".h"
    source = name + ".cc"
    package = native.package_name()
    include = (package + "/" + header) if package else header
    tfaotc = Label("//compiler/driver:tfaotc")
    native.genrule(
        name = name + "_tfaotc",
        srcs = [graph, config],
        outs = [header, source],
        tools = [tfaotc],
        cmd = " ".join([
            "$(location %s)" % tfaotc,
            "--graph=$(location %s)" % graph,
            "--config=$(location %s)" % config,
            "--cpp_class=%s" % cpp_class,
            "--out_header=$(location %s)" % header,
            "--out_source=$(location %s)" % source,
            "--header_include=%s" % include,
        ] + tfaotc_flags),
        message = "tfaotc: compiling %s" % graph,
        testonly = testonly,
        tags = tags,
        visibility = ["//visibility:private"],
    )
    native.cc_library(
        name = name,
        hdrs = [header],
        srcs = [source],
        deps = [Label("//runtime")] + deps,
        visibility = visibility,
        testonly = testonly,
        tags = tags,
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
