// tfaotc: compiles a frozen TensorFlow GraphDef into a standalone C++ library.
//
//   tfaotc --graph=model.pb --config=model.config.pbtxt --cpp_class=ns::Name
//          --out_header=name.h --out_source=name.cc
//   tfaotc run --graph=model.pb --feed=x=x.npy --fetch=y=y.npy [--benchmark]
//   tfaotc inspect model.pb
//
// Errors are one line on stderr, `tfaotc: error: ...`, with the exit codes of
// exit_codes.h; on error no output file is written.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/exit_codes.h"
#include "compiler/driver/inspect_command.h"
#include "compiler/driver/run_command.h"
#include "compiler/import/model_files.h"
#include "compiler/ops/op_def.h"
#include "llvm/Support/CommandLine.h"

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
  for (const ops::OpDef* op : ops::AllOps()) std::cout << op->name << "\n";
  return driver::kExitOk;
}

int Run() {
  if (run_graph.empty()) return Usage("run: --graph is required");
  driver::RunOptions options;
  options.feeds.assign(run_feeds.begin(), run_feeds.end());
  options.fetches.assign(run_fetches.begin(), run_fetches.end());
  // A bare --benchmark parses as 0 occurrences-with-value; count it as 1000.
  options.benchmark_runs = run_benchmark.getNumOccurrences() && run_benchmark == 0 ? 1000
                                                                                   : run_benchmark;
  options.reference = run_reference;
  options.keep_dir = run_keep_dir;
  if (auto s = driver::RunGraph(run_graph, options); !s.ok()) return Fail(s);
  return driver::kExitOk;
}

int Inspect() {
  if (auto s = driver::InspectGraphFile(inspect_path, std::cout); !s.ok()) return Fail(s);
  return driver::kExitOk;
}

int Compile() {
  if (graph_path.empty()) return Usage("--graph is required");
  if (config_path.empty()) return Usage("--config is required");
  if (cpp_class.empty()) return Usage("--cpp_class is required");
  if (out_header.empty() || out_source.empty())
    return Usage("--out_header and --out_source are required");
  for (const std::string& pass : print_after) {
    auto names = passes::PassNames();
    if (std::find(names.begin(), names.end(), pass) == names.end())
      return Usage(absl::StrCat("--print-after: unknown pass '", pass, "'; passes are ",
                                absl::StrJoin(names, ", ")));
  }
  auto graph_def = import::ReadGraphDef(graph_path);
  if (!graph_def.ok()) return Fail(graph_def.status());
  auto config = import::ReadConfig(config_path);
  if (!config.ok()) return Fail(config.status());

  driver::CompileOptions options;
  options.module.cpp_class = cpp_class;
  options.module.header_include = header_include.empty() ? BaseName(out_header) : header_include;
  options.module.model_name = BaseName(graph_path);
  options.pipeline.print_after.insert(print_after.begin(), print_after.end());
  options.pipeline.print_after_all = print_after_all;
  options.pipeline.print_to = &std::cout;
  auto module = driver::CompileGraph(*graph_def, *config, options);
  if (!module.ok()) return Fail(module.status());
  if (auto s = driver::WriteFilesAtomically({{out_header, module->header},
                                             {out_source, module->source}});
      !s.ok())
    return Fail(s);
  return driver::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  cl::HideUnrelatedOptions(kCategory);
  cl::SetVersionPrinter([](llvm::raw_ostream& os) { os << "tfaotc 0.1\n"; });
  cl::extrahelp exit_codes(
      "\nEXIT CODES:\n"
      "  0  success\n"
      "  1  invalid model or config (missing node, bad shape or dtype, cycle, ...)\n"
      "  2  usage error (bad or missing flags)\n"
      "  3  a file cannot be read or written\n"
      "  4  the model needs an op or dtype tfaotc does not support (see --list-ops)\n"
      "  5  tfaotc run: building or running the generated program failed\n"
      " 70  internal error (a bug in tfaotc: please report it)\n");
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "tfaotc: compile a frozen TensorFlow graph into a standalone "
                                   "C++ library\n",
                                   &llvm::errs()))
    return driver::kExitUsage;
  if (run_command) return Run();
  if (inspect_command) return Inspect();
  if (list_ops) return ListOps();
  return Compile();
}
