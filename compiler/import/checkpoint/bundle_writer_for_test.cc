#include "compiler/import/checkpoint/bundle_writer_for_test.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>

#include "absl/strings/str_format.h"
#include "compiler/import/checkpoint/crc32c.h"
#include "compiler/import/checkpoint/tensor_slices.h"
#include "leveldb/env.h"
#include "leveldb/options.h"
#include "leveldb/table_builder.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint::testing {

TestTensor FloatTensor(const std::string& key, std::vector<int64_t> shape,
                       const std::vector<float>& values) {
  std::string bytes(values.size() * 4, '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return {key, tensorflow::DT_FLOAT, std::move(shape), std::move(bytes)};
}

TestTensor StringScalarTensor(const std::string& key,
                              const std::string& value) {
  // varint64 length, masked CRC32C of the length (as 4 little-endian bytes),
  // then the bytes.
  std::string bytes;
  uint64_t len = value.size();
  do {
    uint8_t b = len & 0x7f;
    len >>= 7;
    bytes += static_cast<char>(len ? b | 0x80 : b);
  } while (len);
  uint32_t n32 = static_cast<uint32_t>(value.size());
  uint32_t masked = MaskCrc(Crc32cExtend(0, reinterpret_cast<char*>(&n32), 4));
  bytes.append(reinterpret_cast<char*>(&masked), 4);
  bytes += value;
  return {key, tensorflow::DT_STRING, {}, bytes};
}

std::vector<TestTensor> PartitionedFloat(const std::string& key,
                                         std::vector<int64_t> dims,
                                         const std::vector<FloatPart>& parts) {
  TestTensor full{key, tensorflow::DT_FLOAT, dims, ""};
  std::vector<TestTensor> out;
  for (const FloatPart& p : parts) {
    tensorflow::TensorSliceProto proto;
    SliceExtents extents{p.start, p.length};
    for (size_t d = 0; d < p.start.size(); ++d) {
      auto* e = proto.add_extent();
      if (p.length[d] >= 0) {  // a whole dimension is an empty extent
        e->set_start(p.start[d]);
        e->set_length(p.length[d]);
      }
    }
    full.slices.push_back(proto);
    out.push_back(FloatTensor(EncodeTensorNameSlice(key, extents), p.shape,
                              p.values));
  }
  out.push_back(full);
  return out;
}

namespace {

// The entry checksum TF records: for strings it covers the lengths as
// fixed-width integers, not their varint bytes.
uint32_t EntryCrc(const TestTensor& t) {
  if (t.dtype != tensorflow::DT_STRING) return Crc32c(t.bytes);
  size_t header = 0;
  while (static_cast<uint8_t>(t.bytes[header]) & 0x80) ++header;
  ++header;
  uint32_t n32 = static_cast<uint32_t>(t.bytes.size() - header - 4);
  uint32_t c = Crc32cExtend(0, reinterpret_cast<char*>(&n32), 4);
  return Crc32cExtend(c, t.bytes.data() + header, t.bytes.size() - header);
}

}  // namespace

void WriteBundle(const std::string& prefix, std::vector<TestTensor> tensors,
                 bool snappy, int num_shards) {
  std::sort(tensors.begin(), tensors.end(),
            [](const TestTensor& a, const TestTensor& b) { return a.key < b.key; });
  std::vector<std::string> data(num_shards);
  std::vector<std::pair<std::string, std::string>> rows;
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(num_shards);
  rows.emplace_back("", header.SerializeAsString());
  for (const TestTensor& t : tensors) {
    tensorflow::BundleEntryProto e;
    e.set_dtype(t.dtype);
    for (int64_t d : t.shape) e.mutable_shape()->add_dim()->set_size(d);
    if (!t.slices.empty()) {
      for (const auto& s : t.slices) *e.add_slices() = s;
      rows.emplace_back(t.key, e.SerializeAsString());
      continue;
    }
    e.set_shard_id(t.shard);
    e.set_offset(data[t.shard].size());
    e.set_size(t.bytes.size());
    e.set_crc32c(MaskCrc(EntryCrc(t)));
    data[t.shard] += t.bytes;
    rows.emplace_back(t.key, e.SerializeAsString());
  }

  leveldb::WritableFile* raw = nullptr;
  leveldb::Env::Default()->NewWritableFile(prefix + ".index", &raw);
  std::unique_ptr<leveldb::WritableFile> file(raw);
  leveldb::Options options;
  options.compression =
      snappy ? leveldb::kSnappyCompression : leveldb::kNoCompression;
  options.block_size = 64;  // several data blocks even for tiny bundles
  leveldb::TableBuilder builder(options, file.get());
  for (const auto& [k, v] : rows) builder.Add(k, v);
  builder.Finish();
  file->Close();

  for (int s = 0; s < num_shards; ++s) {
    std::ofstream out(absl::StrFormat("%s.data-%05d-of-%05d", prefix, s,
                                      num_shards),
                      std::ios::binary);
    out << data[s];
  }
}

}  // namespace tfaot::checkpoint::testing
