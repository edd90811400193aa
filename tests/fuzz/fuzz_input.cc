#include "tests/fuzz/fuzz_input.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "google/protobuf/stubs/logging.h"

namespace tfaot::fuzz {

std::vector<std::string> SplitFiles(const uint8_t* data, size_t size) {
  std::string all(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  const size_t sep_len = std::strlen(kFileSeparator);
  size_t start = 0;
  for (;;) {
    size_t at = all.find(kFileSeparator, start);
    if (at == std::string::npos) break;
    parts.push_back(all.substr(start, at - start));
    start = at + sep_len;
  }
  parts.push_back(all.substr(start));
  return parts;
}

namespace {

std::string MakeScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  struct stat st;
  if (!(tmp && *tmp) && stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode)) base = "/dev/shm";
  std::string templ = base + "/tfaot_fuzz_XXXXXX";
  if (!mkdtemp(templ.data())) {
    std::perror(("fuzz: cannot create " + templ).c_str());
    std::abort();
  }
  return templ;
}

// Removes what `dir` holds (not `dir` itself); fuzz inputs make at most one
// level of subdirectories.
void RemoveContents(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
    std::string path = dir + "/" + e->d_name;
    if (e->d_type == DT_DIR) {
      RemoveContents(path);
      rmdir(path.c_str());
    } else {
      unlink(path.c_str());
    }
  }
  closedir(d);
}

}  // namespace

const std::string& ScratchDir() {
  static const std::string* dir = [] {
    auto* d = new std::string(MakeScratchDir());
    std::atexit([] {
      RemoveContents(ScratchDir());
      rmdir(ScratchDir().c_str());
    });
    return d;
  }();
  return *dir;
}

void ClearScratchDir() { RemoveContents(ScratchDir()); }

void WriteScratchFile(const std::string& relative_path, const std::string& contents) {
  std::string path = ScratchDir() + "/" + relative_path;
  size_t slash = relative_path.rfind('/');
  if (slash != std::string::npos) mkdir((ScratchDir() + "/" + relative_path.substr(0, slash)).c_str(), 0755);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

void CheckNotInternal(const absl::Status& status, const char* stage) {
  if (status.code() != absl::StatusCode::kInternal && status.code() != absl::StatusCode::kUnknown)
    return;
  std::fprintf(stderr, "fuzz: %s returned an internal error (a bug in tfaot): %s\n", stage,
               std::string(status.message()).c_str());
  std::abort();
}

void SilenceProtobufLogs() {
  static const bool silenced = [] {
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int,
                                       const std::string&) {});
    return true;
  }();
  (void)silenced;
}

}  // namespace tfaot::fuzz
