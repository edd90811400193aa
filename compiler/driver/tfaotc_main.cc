// tfaotc: compiles a frozen TensorFlow GraphDef into a standalone C++ library.
//
//   tfaotc --graph=model.pb --config=model.config.pbtxt --cpp_class=ns::Name
//          --out_header=name.h --out_source=name.cc
//
// Errors are one line on stderr, `tfaotc: error: ...`, with the exit codes of
// exit_codes.h; on error no output file is written.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/driver/compile.h"
#include "compiler/driver/exit_codes.h"
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
  if (list_ops) return ListOps();
  return Compile();
}
