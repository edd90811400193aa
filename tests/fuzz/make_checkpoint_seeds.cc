// Writes the hand-made seed inputs of checkpoint_fuzz (one file per
// checkpoint: the index and its data shards joined by kFileSeparator) into
// OUT_DIR: plain float tensors, a partitioned variable, a snappy-compressed
// index, two shards, and a string tensor. Run at build time; the fuzz script
// adds the corpus's real checkpoints.
//
//   make_checkpoint_seeds OUT_DIR
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compiler/import/checkpoint/bundle_writer_for_test.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace tfaot::checkpoint::testing;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Writes the bundle to a scratch prefix and packs it into one seed file.
void WriteSeed(const std::string& out_dir, const std::string& name,
               const std::vector<TestTensor>& tensors, bool snappy, int shards) {
  std::string prefix = out_dir + "/" + name + ".tmp";
  WriteBundle(prefix, tensors, snappy, shards);
  std::string packed = ReadAll(prefix + ".index");
  std::remove((prefix + ".index").c_str());
  for (int i = 0; i < shards; ++i) {
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, ".data-%05d-of-%05d", i, shards);
    packed += tfaot::fuzz::kFileSeparator;
    packed += ReadAll(prefix + suffix);
    std::remove((prefix + suffix).c_str());
  }
  std::ofstream(out_dir + "/" + name, std::ios::binary) << packed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  WriteSeed(dir, "plain",
            {FloatTensor("dense/kernel", {2, 2}, {1, 2, 3, 4}),
             FloatTensor("dense/bias", {2}, {0.5f, -0.5f})},
            false, 1);
  WriteSeed(dir, "partitioned",
            PartitionedFloat("w", {4, 2},
                             {{{0, 0}, {2, -1}, {1, 2, 3, 4}, {2, 2}},
                              {{2, 0}, {2, -1}, {5, 6, 7, 8}, {2, 2}}}),
            false, 1);
  WriteSeed(dir, "snappy", {FloatTensor("v", {3}, {1, 1, 1})}, true, 1);
  TestTensor second = FloatTensor("b", {1}, {7});
  second.shard = 1;
  WriteSeed(dir, "two_shards", {FloatTensor("a", {1}, {6}), second}, false, 2);
  WriteSeed(dir, "strings",
            {StringScalarTensor("_CHECKPOINTABLE_OBJECT_GRAPH", "graph"),
             FloatTensor("x", {}, {3})},
            false, 1);
  return 0;
}
