// Fuzz target: the checkpoint (TensorBundle V2) reader. The input is the
// index file followed by the data shards, joined by kFileSeparator; they are
// written as ckpt.index and ckpt.data-0000i-of-0000n, opened as `tfaotc
// freeze` opens them, and every tensor is read (checksums, slices of
// partitioned variables, strings). Errors are the expected answer to a
// corrupt checkpoint; a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/import/checkpoint/bundle_reader.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr size_t kMaxShards = 8;
constexpr int kMaxTensors = 64;

std::string ShardName(size_t i, size_t n) {
  char name[64];
  std::snprintf(name, sizeof name, "ckpt.data-%05zu-of-%05zu", i, n);
  return name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tfaot::fuzz::SilenceProtobufLogs();
  std::vector<std::string> files = tfaot::fuzz::SplitFiles(data, size);
  if (files.size() > kMaxShards + 1) return 0;
  tfaot::fuzz::ClearScratchDir();
  tfaot::fuzz::WriteScratchFile("ckpt.index", files[0]);
  const size_t shards = files.size() - 1;
  for (size_t i = 0; i < shards; ++i) tfaot::fuzz::WriteScratchFile(ShardName(i, shards), files[i + 1]);

  auto reader = tfaot::checkpoint::BundleReader::Open(tfaot::fuzz::ScratchDir() + "/ckpt");
  tfaot::fuzz::CheckNotInternal(reader.status(), "BundleReader::Open");
  if (!reader.ok()) return 0;
  int read = 0;
  for (const auto& [key, entry] : reader->entries()) {
    if (++read > kMaxTensors) break;
    auto tensor = reader->ReadTensor(key);
    tfaot::fuzz::CheckNotInternal(tensor.status(), "BundleReader::ReadTensor");
  }
  return 0;
}
