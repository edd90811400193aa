// Test-only TensorBundle writer: lets tests build small checkpoints with
// known values (and corrupt them on purpose). The .index goes through
// LevelDB's TableBuilder, independent of the reader's parsing code.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_WRITER_FOR_TEST_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_WRITER_FOR_TEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "proto/checkpoint.pb.h"
#include "proto/types.pb.h"

namespace tfaot::checkpoint::testing {

struct TestTensor {
  std::string key;
  tensorflow::DataType dtype;
  std::vector<int64_t> shape;
  std::string bytes;  // little-endian element bytes
  int shard = 0;
  // Non-empty for the full entry of a partitioned variable (no bytes).
  std::vector<tensorflow::TensorSliceProto> slices;
};

// The entries TF writes for a partitioned float variable `key` of shape
// `dims`: the full entry listing the slices, and one entry per slice under
// its encoded key. Each part is (start, length with -1 = whole dim, values).
struct FloatPart {
  std::vector<int64_t> start, length;
  std::vector<float> values;
  std::vector<int64_t> shape;  // the slice's own shape
};
std::vector<TestTensor> PartitionedFloat(const std::string& key,
                                         std::vector<int64_t> dims,
                                         const std::vector<FloatPart>& parts);

TestTensor FloatTensor(const std::string& key, std::vector<int64_t> shape,
                       const std::vector<float>& values);

// A scalar DT_STRING tensor in TF's bundle encoding.
TestTensor StringScalarTensor(const std::string& key, const std::string& value);

// Writes `<prefix>.index` and `<prefix>.data-0000i-of-0000n`.
void WriteBundle(const std::string& prefix, std::vector<TestTensor> tensors,
                 bool snappy = false, int num_shards = 1);

}  // namespace tfaot::checkpoint::testing

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_WRITER_FOR_TEST_H_
