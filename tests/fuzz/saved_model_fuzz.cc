// Fuzz target: SavedModel -> freeze, as `tfaotc --saved_model` and `tfaotc
// freeze --saved_model` do it (default tag "serve", signature
// "serving_default"). The input is saved_model.pb, variables.index and the
// variables' data shards, joined by kFileSeparator. Errors are the expected
// answer to a bad SavedModel; a crash, a sanitizer report or an internal
// error is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/import/checkpoint/freeze.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr size_t kMaxShards = 8;

std::string ShardName(size_t i, size_t n) {
  char name[80];
  std::snprintf(name, sizeof name, "variables/variables.data-%05zu-of-%05zu", i, n);
  return name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tfaot::fuzz::SilenceProtobufLogs();
  std::vector<std::string> files = tfaot::fuzz::SplitFiles(data, size);
  if (files.size() > kMaxShards + 2) return 0;
  tfaot::fuzz::ClearScratchDir();
  tfaot::fuzz::WriteScratchFile("saved_model.pb", files[0]);
  if (files.size() > 1) tfaot::fuzz::WriteScratchFile("variables/variables.index", files[1]);
  const size_t shards = files.size() > 2 ? files.size() - 2 : 0;
  for (size_t i = 0; i < shards; ++i) tfaot::fuzz::WriteScratchFile(ShardName(i, shards), files[i + 2]);

  auto frozen = tfaot::checkpoint::FreezeSavedModel(tfaot::fuzz::ScratchDir(), {});
  tfaot::fuzz::CheckNotInternal(frozen.status(), "FreezeSavedModel");
  return 0;
}
