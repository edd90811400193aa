// TensorBundle (TF checkpoint V2) reader: `<prefix>.index` maps each tensor
// name to a BundleEntryProto (dtype, shape, shard, offset, size, masked
// CRC32C); the bytes live in `<prefix>.data-NNNNN-of-NNNNN` shards. Every
// length and offset read from disk is checked before use, and every tensor's
// checksum is verified, so a corrupt checkpoint is an error naming the file
// and tensor, never a crash.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_READER_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_READER_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "proto/checkpoint.pb.h"
#include "proto/tensor.pb.h"
#include "compiler/import/checkpoint/tensor_util.h"

namespace tfaot::checkpoint {

class BundleReader {
 public:
  // Opens `<prefix>.index`. Shards are opened when a tensor is read.
  static absl::StatusOr<BundleReader> Open(const std::string& prefix);

  const std::string& prefix() const { return prefix_; }
  int num_shards() const { return num_shards_; }

  // Tensors by checkpoint key, in key order (slice records of partitioned
  // variables are not listed; their full-tensor entry is).
  const std::map<std::string, tensorflow::BundleEntryProto>& entries() const {
    return entries_;
  }
  bool Contains(const std::string& key) const { return entries_.count(key); }

  // Reads and checksums one tensor; numbers go to tensor_content (TF's
  // little-endian layout), strings to string_val. A partitioned variable
  // is reassembled from its slices.
  absl::StatusOr<tensorflow::TensorProto> ReadTensor(
      const std::string& key) const;

  std::string ShardPath(int shard) const;

 private:
  // The checksummed bytes of a fixed-size-dtype entry; `what` for errors.
  absl::StatusOr<std::string> ReadFixedSizeBytes(
      const tensorflow::BundleEntryProto& entry, const std::string& key,
      const std::string& what) const;
  absl::StatusOr<std::string> ReadPartitioned(
      const std::string& key, const tensorflow::BundleEntryProto& entry,
      const std::string& what) const;

  std::string prefix_;
  int num_shards_ = 0;
  std::map<std::string, tensorflow::BundleEntryProto> entries_;
  // Raw (encoded) key -> entry for the slices of partitioned variables.
  std::map<std::string, tensorflow::BundleEntryProto> slice_entries_;
};

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_BUNDLE_READER_H_
