"""tfaot_dependencies(): the repositories tfaot needs, all local (nothing is downloaded).

In a consumer's WORKSPACE (and in tfaot's own):

    local_repository(name = "tfaot", path = "/path/to/tfaot")
    load("@tfaot//tools:deps.bzl", "tfaot_dependencies")
    tfaot_dependencies()

Each repository is declared only if the workspace has none of that name yet
(call this after your own declarations to keep yours). Bazel 4 would
otherwise download rules_cc, rules_java, remote_coverage_tools and protobuf;
tfaot instead uses the stand-ins in third_party/ and Debian's packages (see
third_party/README.md). The protobuf repository is named where Bazel's
defaults look (--proto_compiler=@com_google_protobuf//:protoc,
--proto_toolchain_for_cc=@com_google_protobuf//:cc_toolchain), so no
.bazelrc line is needed.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")

def _third_party_dir_impl(rctx):
    # The stand-in's files, found through a label so that the path is right
    # whichever workspace is the main one.
    source = rctx.path(rctx.attr.workspace_file).dirname
    for entry in source.readdir():
        rctx.symlink(entry, entry.basename)

_third_party_dir = repository_rule(
    implementation = _third_party_dir_impl,
    attrs = {"workspace_file": attr.label(allow_single_file = True, mandatory = True)},
    local = True,
    doc = "A repository made of one of tfaot's third_party/ stand-ins.",
)

def tfaot_dependencies():
    """Declares the repositories tfaot's targets and tf_aot_library need."""
    maybe(
        native.local_repository,
        name = "platforms",
        path = "/usr/share/bazel/platforms",  # Debian's bazel-platforms
    )
    for name in ["rules_cc", "rules_java", "remote_coverage_tools"]:
        maybe(
            _third_party_dir,
            name = name,
            workspace_file = Label("//third_party/%s:WORKSPACE" % name),
        )
    maybe(
        native.new_local_repository,
        name = "com_google_protobuf",
        build_file = str(Label("//third_party/system:protobuf.BUILD")),
        path = "/usr",
    )
    maybe(
        native.new_local_repository,
        name = "system_libs",
        build_file = str(Label("//third_party/system:system_libs.BUILD")),
        path = "/usr",
    )
    maybe(
        native.new_local_repository,
        name = "llvm",
        build_file = str(Label("//third_party/system:llvm.BUILD")),
        path = "/usr/lib/llvm-15",
    )
