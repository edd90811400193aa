#include "compiler/driver/freeze_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "compiler/import/checkpoint/bundle_reader.h"
#include "compiler/import/checkpoint/checkpoint_path.h"
#include "compiler/import/checkpoint/freeze.h"

namespace tfaot::driver {
namespace {

namespace fs = std::filesystem;
using checkpoint::FreezeOptions;

constexpr char kUsage[] =
    "usage: tfaotc freeze --checkpoint=PREFIX_OR_DIR [--meta=F.meta] "
    "--fetch=NODE ... --out=frozen.pb\n"
    "       tfaotc freeze --saved_model=DIR [--tag=serve] "
    "[--signature=serving_default] --out=frozen.pb\n"
    "Writes a GraphDef whose variables are constants.\n"
    "  --fetch=NODE[:k]        output to keep (repeatable; SavedModel default: "
    "the signature's outputs)\n"
    "  --feed=NODE:0           input; a non-Placeholder node becomes a "
    "Placeholder (repeatable)\n"
    "  --restore=VAR[=KEY]     restore only the listed variables, VAR from "
    "checkpoint KEY (repeatable)\n"
    "  --moving_averages       restore VAR from VAR/ExponentialMovingAverage "
    "when present\n"
    "  --tag=T1,T2             SavedModel MetaGraph tag set (default serve)\n"
    "  --signature=KEY         SavedModel signature (default serving_default)\n";

struct Args {
  std::string checkpoint, saved_model, out;
  FreezeOptions options;
  bool help = false;
};

absl::Status ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      args->help = true;
      continue;
    }
    if (a == "--moving_averages") {
      args->options.moving_averages = true;
      continue;
    }
    size_t eq = a.find('=');
    if (!absl::StartsWith(a, "--") || eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", a, "' (flags are --name=value)"));
    }
    std::string name(a.substr(2, eq - 2));
    std::string value(a.substr(eq + 1));
    if (value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " is empty"));
    }
    if (name == "checkpoint") args->checkpoint = value;
    else if (name == "saved_model") args->saved_model = value;
    else if (name == "out") args->out = value;
    else if (name == "meta") args->options.meta_graph_path = value;
    else if (name == "tag") args->options.tags = value;
    else if (name == "signature") args->options.signature = value;
    else if (name == "fetch") args->options.fetches.push_back(value);
    else if (name == "feed") args->options.feeds.push_back(value);
    else if (name == "restore") {
      size_t k = value.find('=');
      args->options.restore.emplace_back(
          value.substr(0, k), k == std::string::npos ? "" : value.substr(k + 1));
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
  }
  if (args->help) return absl::OkStatus();
  if (args->checkpoint.empty() == args->saved_model.empty()) {
    return absl::InvalidArgumentError(
        "pass exactly one of --checkpoint and --saved_model");
  }
  if (args->out.empty()) return absl::InvalidArgumentError("--out is required");
  if (!args->checkpoint.empty() && args->options.fetches.empty()) {
    return absl::InvalidArgumentError(
        "--fetch is required with --checkpoint (the node(s) to keep)");
  }
  return absl::OkStatus();
}

// Writes to a temporary file beside `path` and renames it over `path`, so a
// failed run never leaves a partial output behind.
absl::Status WriteAtomically(const std::string& path, const std::string& data) {
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl =
      (dir / absl::StrCat(".", target.filename().string(), ".tmpXXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot create a temporary file in '", dir.string(),
        "' to write '", path, "'"));
  }
  // mkstemp creates the file 0600; give the output the usual 0666 & ~umask.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
  bool ok = left == 0 && fsync(fd) == 0;
  ok = (close(fd) == 0) && ok;
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::remove(tmpl.c_str());
    return absl::InternalError(absl::StrCat("cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

int RunFreezeCommand(int argc, char** argv, std::ostream& out,
                     std::ostream& err) {
  Args args;
  absl::Status s = ParseArgs(argc, argv, &args);
  if (!s.ok()) {
    err << "tfaotc freeze: error: " << s.message() << " (see --help)\n";
    return 2;
  }
  if (args.help) {
    out << kUsage;
    return 0;
  }
  absl::StatusOr<checkpoint::FrozenGraph> frozen =
      args.saved_model.empty()
          ? checkpoint::FreezeCheckpoint(args.checkpoint, args.options)
          : checkpoint::FreezeSavedModel(args.saved_model, args.options);
  if (!frozen.ok()) {
    err << "tfaotc freeze: error: " << frozen.status().message() << "\n";
    return 1;
  }
  std::string bytes;
  if (!frozen->graph.SerializeToString(&bytes)) {
    err << "tfaotc freeze: error: cannot serialize the frozen graph\n";
    return 1;
  }
  s = WriteAtomically(args.out, bytes);
  if (!s.ok()) {
    err << "tfaotc freeze: error: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

int RunFreezeCommand(int argc, char** argv) {
  return RunFreezeCommand(argc, argv, std::cout, std::cerr);
}

int RunInspectCheckpoint(const std::string& prefix_or_dir, std::ostream& out) {
  auto prefix = checkpoint::ResolveCheckpointPrefix(prefix_or_dir);
  if (!prefix.ok()) {
    std::cerr << "tfaotc inspect: error: " << prefix.status().message() << "\n";
    return 1;
  }
  auto reader = checkpoint::BundleReader::Open(*prefix);
  if (!reader.ok()) {
    std::cerr << "tfaotc inspect: error: " << reader.status().message() << "\n";
    return 1;
  }
  for (const auto& [key, entry] : reader->entries()) {
    out << key << " " << checkpoint::DataTypeName(entry.dtype()) << " "
        << checkpoint::ShapeString(entry.shape()) << "\n";
  }
  return 0;
}

}  // namespace tfaot::driver
