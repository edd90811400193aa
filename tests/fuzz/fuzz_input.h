// Shared helpers of the fuzz targets in this folder.
//
// A fuzz input that stands for several files (a checkpoint's index and data
// shards, a SavedModel's graph and variables) is the files' bytes joined by
// kFileSeparator; tools/fuzz.sh builds seeds that way and the dictionary
// holds the separator, so mutations can add, drop and reorder files.
#ifndef TFAOT_TESTS_FUZZ_FUZZ_INPUT_H_
#define TFAOT_TESTS_FUZZ_FUZZ_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tfaot::fuzz {

inline constexpr char kFileSeparator[] = "@@TFAOT-FILE@@";

// Splits `data` at each kFileSeparator; always at least one part.
std::vector<std::string> SplitFiles(const uint8_t* data, size_t size);

// A directory for the files of one input, created once per process under
// $TMPDIR (or /dev/shm when it exists: no disk traffic per execution) and
// emptied before each use. Returns its path.
const std::string& ScratchDir();
void ClearScratchDir();
void WriteScratchFile(const std::string& relative_path, const std::string& contents);

// Crashes (so libFuzzer and the replay test report the input) when `status`
// is one tfaotc reports as a bug in itself (exit code 70): kInternal and
// kUnknown. Every other error is an expected answer to bad input.
void CheckNotInternal(const absl::Status& status, const char* stage);

// Protobuf logs every malformed string field it parses to stderr; for fuzz
// inputs that is noise, and slow. Call once per process (idempotent).
void SilenceProtobufLogs();

}  // namespace tfaot::fuzz

#endif  // TFAOT_TESTS_FUZZ_FUZZ_INPUT_H_
