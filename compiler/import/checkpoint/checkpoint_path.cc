#include "compiler/import/checkpoint/checkpoint_path.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace tfaot::checkpoint {
namespace fs = std::filesystem;
namespace {

bool HasIndex(const std::string& prefix) {
  return fs::is_regular_file(prefix + ".index");
}

// A prefix written on another machine is looked up by its last component
// in the state file's directory, as TF does for relocated checkpoints.
absl::StatusOr<std::string> ResolveInDir(const fs::path& dir,
                                         const std::string& recorded,
                                         const std::string& state_file) {
  fs::path p(recorded);
  std::vector<std::string> tried;
  if (p.is_relative()) {
    std::string candidate = (dir / p).string();
    if (HasIndex(candidate)) return candidate;
    tried.push_back(candidate);
  } else {
    if (HasIndex(recorded)) return recorded;
    tried.push_back(recorded);
    std::string candidate = (dir / p.filename()).string();
    if (HasIndex(candidate)) return candidate;
    tried.push_back(candidate);
  }
  return absl::NotFoundError(absl::StrCat(
      "checkpoint state file '", state_file, "' names '", recorded,
      "', but no '<prefix>.index' exists for prefix ",
      absl::StrJoin(tried, " or "),
      ": copy the checkpoint's .index/.data files next to it or pass the "
      "prefix with --checkpoint"));
}

}  // namespace

absl::StatusOr<std::string> ParseCheckpointState(const std::string& text,
                                                 const std::string& file) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v = absl::StripAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&v, "model_checkpoint_path")) continue;
    v = absl::StripLeadingAsciiWhitespace(v);
    if (!absl::ConsumePrefix(&v, ":")) continue;
    v = absl::StripAsciiWhitespace(v);
    if (v.size() < 2 || v.front() != '"' || v.back() != '"') break;
    std::string unescaped;
    if (!absl::CUnescape(v.substr(1, v.size() - 2), &unescaped)) break;
    return unescaped;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "checkpoint state file '", file,
      "' has no model_checkpoint_path: \"...\" line; pass the checkpoint "
      "prefix (the path without .index) instead of the directory"));
}

absl::StatusOr<std::string> ResolveCheckpointPrefix(const std::string& path) {
  if (fs::is_directory(path)) {
    fs::path state = fs::path(path) / "checkpoint";
    if (fs::is_regular_file(state)) {
      std::ifstream in(state);
      std::stringstream buf;
      buf << in.rdbuf();
      auto recorded = ParseCheckpointState(buf.str(), state.string());
      if (!recorded.ok()) return recorded.status();
      return ResolveInDir(path, *recorded, state.string());
    }
    // A SavedModel keeps its checkpoint at variables/variables.
    std::string saved_model_vars = (fs::path(path) / "variables" / "variables").string();
    if (HasIndex(saved_model_vars)) return saved_model_vars;
    std::vector<std::string> prefixes;
    for (const auto& e : fs::directory_iterator(path)) {
      std::string name = e.path().string();
      if (absl::EndsWith(name, ".index")) {
        prefixes.push_back(name.substr(0, name.size() - 6));
      }
    }
    if (prefixes.size() == 1) return prefixes[0];
    return absl::NotFoundError(absl::StrCat(
        "directory '", path, "' has no `checkpoint` state file and ",
        prefixes.size(),
        " .index files; pass the checkpoint prefix (path without .index)"));
  }
  if (HasIndex(path)) return path;
  // Accept any file of the checkpoint: model.index, model.meta, model.data-*.
  std::string prefix = path;
  for (absl::string_view suffix : {".index", ".meta"}) {
    if (absl::EndsWith(prefix, suffix)) {
      prefix.resize(prefix.size() - suffix.size());
    }
  }
  size_t data = prefix.rfind(".data-");
  if (data != std::string::npos) prefix.resize(data);
  if (prefix != path && HasIndex(prefix)) return prefix;
  return absl::NotFoundError(absl::StrCat(
      "no checkpoint at '", path, "': expected a directory with a "
      "`checkpoint` file or a prefix P with P.index (and P.data-*)"));
}

}  // namespace tfaot::checkpoint
