// tfaotc: compiles a frozen TensorFlow GraphDef into a standalone C++ library.
//
//   tfaotc --graph=model.pb --config=model.config.pbtxt --cpp_class=ns::Name
//          --out_header=name.h --out_source=name.cc
//   tfaotc run --graph=model.pb --feed=x=x.npy --fetch=y=y.npy [--benchmark]
//   tfaotc inspect model.pb
//
// Errors are one line on stderr, `tfaotc: error: ...`, with the exit codes of
// exit_codes.h; on error no output file is written.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "compiler/codegen/target.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/exit_codes.h"
#include "compiler/driver/freeze_command.h"
#include "compiler/import/checkpoint/freeze.h"
#include "compiler/import/functionalize/functionalize.h"
#include "compiler/driver/model_source.h"
#include "compiler/driver/inspect_command.h"
#include "compiler/driver/run_command.h"
#include "compiler/import/model_files.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/prune.h"
#include "compiler/version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace tfaot;  // NOLINT: a main file

namespace {

cl::OptionCategory kCategory("tfaotc options");

cl::opt<std::string> graph_path("graph", cl::desc("Frozen GraphDef to compile (binary or text)"),
                                cl::value_desc("model.pb"), cl::cat(kCategory));
cl::opt<std::string> config_path(
    "config", cl::desc("tf2xla.Config text naming feeds and fetches (tfcompile's format)"),
    cl::value_desc("model.config.pbtxt"), cl::cat(kCategory));
cl::opt<std::string> cpp_class("cpp_class",
                               cl::desc("Name of the generated class, with namespaces"),
                               cl::value_desc("ns::Name"), cl::cat(kCategory));
cl::opt<std::string> out_header("out_header", cl::desc("Where to write the generated header"),
                                cl::value_desc("name.h"), cl::cat(kCategory));
cl::opt<std::string> out_source("out_source", cl::desc("Where to write the generated source"),
                                cl::value_desc("name.cc"), cl::cat(kCategory));
cl::opt<std::string> header_include(
    "header_include",
    cl::desc("How the source #includes the header (default: the header's file name)"),
    cl::value_desc("pkg/name.h"), cl::cat(kCategory));
cl::opt<std::string> target(
    "target",
    cl::desc("Instruction set of the generated code: generic (SSE2), avx2 (AVX2+FMA, the "
             "default), avx512 (x86-64-v4), native (the building machine). The generated "
             "source refuses to build without the matching flags (the Bazel macro adds them)"),
    cl::init("avx2"), cl::cat(kCategory));
cl::list<std::string> print_after("print-after", cl::desc("Print the IR after this pass"),
                                  cl::value_desc("pass"), cl::CommaSeparated, cl::cat(kCategory));
cl::opt<bool> print_after_all("print-after-all", cl::desc("Print the IR after every pass"),
                              cl::cat(kCategory));
cl::opt<bool> list_ops("list-ops", cl::desc("Print the supported ops and exit"),
                       cl::cat(kCategory));

// ---- tfaotc run --------------------------------------------------------------
cl::SubCommand run_command("run",
                           "Compile a graph, build it with the host C++ compiler ($CXX or c++), "
                           "run it and write the fetches");

// ---- model sources other than a frozen graph (compile and run) ----------------
cl::opt<std::string> checkpoint_path(
    "checkpoint",
    cl::desc("Instead of --graph: a checkpoint prefix (model.ckpt) or directory (with a "
             "`checkpoint` file), frozen with the fetches of the config"),
    cl::value_desc("prefix_or_dir"), cl::sub(*cl::TopLevelSubCommand), cl::sub(run_command),
    cl::cat(kCategory));
cl::opt<std::string> saved_model_path(
    "saved_model",
    cl::desc("Instead of --graph: a SavedModel directory; without a config, the signature "
             "gives the feeds and fetches"),
    cl::value_desc("dir"), cl::sub(*cl::TopLevelSubCommand), cl::sub(run_command),
    cl::cat(kCategory));
cl::opt<std::string> meta_path("meta",
                               cl::desc("The checkpoint's MetaGraphDef (default <prefix>.meta)"),
                               cl::value_desc("file.meta"), cl::sub(*cl::TopLevelSubCommand),
                               cl::sub(run_command), cl::cat(kCategory));
cl::opt<std::string> saved_model_tag("tag", cl::desc("SavedModel MetaGraph tags (default serve)"),
                                     cl::init("serve"), cl::sub(*cl::TopLevelSubCommand),
                                     cl::sub(run_command), cl::cat(kCategory));
cl::opt<std::string> saved_model_signature(
    "signature", cl::desc("SavedModel signature (default serving_default)"),
    cl::init("serving_default"), cl::sub(*cl::TopLevelSubCommand), cl::sub(run_command),
    cl::cat(kCategory));
cl::list<std::string> restore_map(
    "restore",
    cl::desc("Restore only these variables, GRAPH_VAR=CHECKPOINT_KEY (or GRAPH_VAR), like "
             "tf.train.Saver(var_list); others take their constant initializer"),
    cl::value_desc("var=key"), cl::sub(*cl::TopLevelSubCommand), cl::sub(run_command),
    cl::cat(kCategory));
cl::opt<bool> moving_averages(
    "moving_averages",
    cl::desc("Restore each variable from <var>/ExponentialMovingAverage when present"),
    cl::sub(*cl::TopLevelSubCommand), cl::sub(run_command), cl::cat(kCategory));

driver::ModelSource SourceFromFlags(const std::string& graph) {
  driver::ModelSource source;
  source.graph = graph;
  source.checkpoint = checkpoint_path;
  source.saved_model = saved_model_path;
  source.meta = meta_path;
  source.tag = saved_model_tag;
  source.signature = saved_model_signature;
  source.restore.assign(restore_map.begin(), restore_map.end());
  source.moving_averages = moving_averages;
  return source;
}
cl::opt<std::string> run_graph("graph", cl::desc("Frozen GraphDef (binary or text)"),
                               cl::value_desc("model.pb"), cl::sub(run_command), cl::cat(kCategory));
cl::list<std::string> run_feeds(
    "feed",
    cl::desc("An input: NODE[:IDX]=IN.npy (shape and dtype from the file), or a Const NODE "
             "alone, fed its own value at run time"),
    cl::value_desc("spec"), cl::sub(run_command), cl::cat(kCategory));
cl::list<std::string> run_fetches(
    "fetch", cl::desc("A result: NODE[:IDX]=OUT.npy, or NODE[:IDX] to print it"),
    cl::value_desc("spec"), cl::sub(run_command), cl::cat(kCategory));
cl::opt<int> run_benchmark("benchmark",
                           cl::desc("Time Run() N times (default 1000) and print "
                                    "`benchmark: runs=N median_us=X p90_us=Y min_us=Z`"),
                           cl::ValueOptional, cl::init(0), cl::sub(run_command), cl::cat(kCategory));
cl::opt<bool> run_reference("reference",
                            cl::desc("Evaluate with the ops' reference evaluators instead of "
                                     "generated code"),
                            cl::sub(run_command), cl::cat(kCategory));
cl::opt<std::string> run_target("target",
                                cl::desc("Instruction set (see the compiler's --target); "
                                         "default native, since run builds and runs here"),
                                cl::init("native"), cl::sub(run_command), cl::cat(kCategory));
cl::opt<int> run_threads("threads",
                          cl::desc("Run the model on a thread pool of N threads (the caller "
                                   "included; default 1: no pool). Results are bit-identical"),
                          cl::value_desc("N"), cl::init(1), cl::sub(run_command),
                          cl::cat(kCategory));
cl::opt<std::string> run_keep_dir("keep_dir",
                                  cl::desc("Keep the generated program in this directory"),
                                  cl::value_desc("dir"), cl::sub(run_command), cl::cat(kCategory));

// ---- tfaotc inspect ------------------------------------------------------------
cl::SubCommand inspect_command("inspect",
                               "Show a graph's inputs, likely outputs, ops (and unsupported "
                               "ones) and a config skeleton");
cl::opt<std::string> inspect_path(cl::Positional, cl::desc("<model.pb>"), cl::Required,
                                  cl::sub(inspect_command), cl::cat(kCategory));

int Fail(const absl::Status& status) {
  std::cerr << "tfaotc: error: " << status.message() << "\n";
  return driver::ExitCodeFor(status);
}

int Usage(const std::string& message) {
  std::cerr << "tfaotc: error: " << message << " (see tfaotc --help)\n";
  return driver::kExitUsage;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int ListOps() {
  std::set<std::string> names = passes::PassThroughOps();  // bypassed by prune
  // Rewritten into While and If regions at import.
  for (const std::string& op : functionalize::FunctionalizedOps()) names.insert(op);
  for (const ops::OpDef* op : ops::AllOps()) names.insert(op->name);
  for (const std::string& name : names) std::cout << name << "\n";
  return driver::kExitOk;
}

int Run() {
  if (run_graph.empty() + checkpoint_path.empty() + saved_model_path.empty() != 2)
    return Usage("run: give one of --graph, --checkpoint, --saved_model");
  driver::RunOptions options;
  options.feeds.assign(run_feeds.begin(), run_feeds.end());
  options.fetches.assign(run_fetches.begin(), run_fetches.end());
  // A bare --benchmark parses as 0 occurrences-with-value; count it as 1000.
  options.benchmark_runs = run_benchmark.getNumOccurrences() && run_benchmark == 0 ? 1000
                                                                                   : run_benchmark;
  options.reference = run_reference;
  options.keep_dir = run_keep_dir;
  options.target = run_target;
  options.threads = run_threads;
  if (options.threads < 1 || options.threads > 256)
    return Usage(absl::StrCat("run: --threads=", options.threads, " must be between 1 and 256"));
  if (!codegen::FindTarget(options.target))
    return Usage("run: --target=" + options.target + " is not one of generic, avx2, avx512, native");
  if (auto s = driver::RunGraph(SourceFromFlags(run_graph), options); !s.ok()) return Fail(s);
  return driver::kExitOk;
}

int Inspect() {
  if (checkpoint::IsCheckpointOrSavedModel(inspect_path)) {
    return driver::RunInspectCheckpoint(inspect_path, std::cout);
  }
  if (auto s = driver::InspectGraphFile(inspect_path, std::cout); !s.ok()) return Fail(s);
  return driver::kExitOk;
}

int Compile() {
  if (graph_path.empty() + checkpoint_path.empty() + saved_model_path.empty() != 2)
    return Usage("give one of --graph (frozen GraphDef), --checkpoint or --saved_model");
  if (config_path.empty() && saved_model_path.empty())
    return Usage("--config is required (only a SavedModel's signature can stand in for it)");
  if (cpp_class.empty()) return Usage("--cpp_class is required");
  if (out_header.empty() || out_source.empty())
    return Usage("--out_header and --out_source are required");
  if (auto s = codegen::ValidateCppClass(cpp_class); !s.ok())
    return Usage(std::string(s.message()));
  if (!codegen::FindTarget(target))
    return Usage("--target=" + target + " is not one of generic, avx2, avx512, native");
  for (const std::string& pass : print_after) {
    auto names = passes::PassNames();
    if (std::find(names.begin(), names.end(), pass) == names.end())
      return Usage(absl::StrCat("--print-after: unknown pass '", pass, "'; passes are ",
                                absl::StrJoin(names, ", ")));
  }
  tensorflow::tf2xla::Config config;
  if (!config_path.empty()) {
    auto read = import::ReadConfig(config_path);
    if (!read.ok()) return Fail(read.status());
    config = *std::move(read);
  }
  driver::ModelSource source = SourceFromFlags(graph_path);
  auto graph_def = driver::LoadModel(source, &config);
  if (!graph_def.ok()) return Fail(graph_def.status());

  driver::CompileOptions options;
  options.module.cpp_class = cpp_class;
  options.module.header_include = header_include.empty() ? BaseName(out_header) : header_include;
  options.module.model_name = driver::ModelDisplayName(source);
  options.module.target = target;
  options.pipeline.print_after.insert(print_after.begin(), print_after.end());
  options.pipeline.print_after_all = print_after_all;
  options.pipeline.print_to = &std::cout;
  auto module = driver::CompileGraph(*graph_def, config, options);
  if (!module.ok()) return Fail(module.status());
  if (auto s = driver::WriteFilesAtomically({{out_header, module->header},
                                             {out_source, module->source}});
      !s.ok())
    return Fail(s);
  return driver::kExitOk;
}

// LLVM reports a bad command line as "tfaotc: <message>" lines (and a hint
// to try --help); tfaotc's errors are one line.
std::string OneLineParseError(const std::string& text) {
  std::vector<std::string> parts;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    line = absl::StripAsciiWhitespace(line);
    if (absl::StartsWith(line, "tfaotc: ")) line.remove_prefix(8);
    for (const char* hint : {"Try: ", "See: "})
      if (size_t at = line.find(hint); at != absl::string_view::npos) line = line.substr(0, at);
    line = absl::StripTrailingAsciiWhitespace(line);
    if (absl::EndsWith(line, ":") || absl::EndsWith(line, ".")) line.remove_suffix(1);
    if (!line.empty()) parts.emplace_back(line);
  }
  return parts.empty() ? "bad command line" : absl::StrJoin(parts, "; ");
}

}  // namespace

int main(int argc, char** argv) {
  // Under `bazel run`, relative paths mean the user's directory, not runfiles.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir && *dir && chdir(dir) != 0) {
    std::cerr << "tfaotc: error: cannot enter " << dir << "\n";
    return driver::kExitIoError;
  }
  // `freeze` has its own flag parser (compiler/driver/freeze_command.cc).
  if (argc > 1 && std::string(argv[1]) == "freeze") return driver::RunFreezeCommand(argc - 1, argv + 1);
  cl::HideUnrelatedOptions(kCategory);
  cl::SetVersionPrinter([](llvm::raw_ostream& os) { os << "tfaotc " << kVersion << "\n"; });
  cl::extrahelp exit_codes(
      "\nFREEZING: `tfaotc freeze --checkpoint=PREFIX_OR_DIR --fetch=NODE --out=frozen.pb` and\n"
      "`tfaotc freeze --saved_model=DIR --out=frozen.pb` write a frozen GraphDef\n"
      "(see `tfaotc freeze --help`); --checkpoint/--saved_model also work in place of --graph.\n"
      "\nEXIT CODES:\n"
      "  0  success\n"
      "  1  invalid model or config (missing node, bad shape or dtype, cycle, ...)\n"
      "  2  usage error (bad or missing flags)\n"
      "  3  a file cannot be read or written\n"
      "  4  the model needs an op or dtype tfaotc does not support (see --list-ops)\n"
      "  5  tfaotc run: building or running the generated program failed\n"
      " 70  internal error (a bug in tfaotc: please report it)\n");
  // Some option errors go straight to llvm::errs() (fd 2): capture those too.
  std::string parse_errors;
  llvm::raw_string_ostream parse_errors_stream(parse_errors);
  std::FILE* captured = std::tmpfile();
  int saved_stderr = captured ? dup(2) : -1;
  if (saved_stderr >= 0) dup2(fileno(captured), 2);
  bool parsed = cl::ParseCommandLineOptions(argc, argv,
                                            "tfaotc: compile a frozen TensorFlow graph into a "
                                            "standalone C++ library\n",
                                            &parse_errors_stream);
  llvm::errs().flush();
  if (saved_stderr >= 0) {
    dup2(saved_stderr, 2);
    close(saved_stderr);
    std::rewind(captured);
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), captured)) > 0;)
      parse_errors_stream << llvm::StringRef(buffer, n);
  }
  if (captured) std::fclose(captured);
  parse_errors_stream.flush();
  if (!parsed) return Usage(OneLineParseError(parse_errors));
  if (!parse_errors.empty()) std::cerr << parse_errors;  // warnings, if any
  if (run_command) return Run();
  if (inspect_command) return Inspect();
  if (list_ops) return ListOps();
  return Compile();
}
