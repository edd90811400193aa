#include "compiler/import/checkpoint/bundle_reader.h"

#include <filesystem>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "compiler/import/checkpoint/crc32c.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "compiler/import/checkpoint/tensor_slices.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::BundleEntryProto;
using tensorflow::TensorProto;

// Reads exactly `size` bytes at `offset` of `path`, after checking that the
// file is long enough (an entry's offset/size come from disk).
absl::StatusOr<std::string> ReadRange(const std::string& path, int64_t offset,
                                      int64_t size, const std::string& key) {
  std::error_code ec;
  uintmax_t file_size = std::filesystem::file_size(path, ec);
  if (ec) {
    return absl::NotFoundError(absl::StrCat(
        "checkpoint data shard '", path, "' (holding tensor '", key,
        "') is missing or unreadable: copy all .data-* files of the "
        "checkpoint next to its .index"));
  }
  if (offset < 0 || size < 0 ||
      static_cast<uintmax_t>(offset) > file_size ||
      static_cast<uintmax_t>(size) > file_size - offset) {
    return absl::DataLossError(absl::StrCat(
        "tensor '", key, "' claims bytes [", offset, ", ", offset + size,
        ") of '", path, "', which has only ", file_size,
        " bytes: the shard is truncated or does not belong to this index"));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(offset);
  in.read(bytes.data(), size);
  if (!in) {
    return absl::DataLossError(
        absl::StrCat("error reading tensor '", key, "' from '", path, "'"));
  }
  return bytes;
}

bool GetVarint64(absl::string_view* in, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *value = result;
      return true;
    }
  }
  return false;
}

// A string tensor is stored as varint64 lengths, a masked CRC32C of the
// lengths, then the bytes. The entry's checksum is not over the raw bytes:
// TF extends it with each length as little-endian fixed-width bytes (4 when
// the length fits in 32 bits, for backward compatibility, else 8), then the
// masked length checksum, then the string bytes.
absl::Status DecodeStrings(const std::string& bytes, int64_t n,
                           const std::string& what, uint32_t* crc,
                           TensorProto* out) {
  absl::string_view in(bytes);
  std::vector<uint64_t> lengths;
  uint32_t c = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t len;
    if (!GetVarint64(&in, &len) || len > bytes.size()) {
      return absl::DataLossError(
          absl::StrCat(what, ": malformed string length table"));
    }
    lengths.push_back(len);
    char le[8];
    for (int b = 0; b < 8; ++b) le[b] = static_cast<char>(len >> (8 * b));
    c = Crc32cExtend(c, le, len <= 0xffffffffu ? 4 : 8);
  }
  if (in.size() < 4) {
    return absl::DataLossError(absl::StrCat(what, ": truncated string data"));
  }
  uint32_t stored = 0;
  for (int b = 0; b < 4; ++b) {
    stored |= static_cast<uint32_t>(static_cast<uint8_t>(in[b])) << (8 * b);
  }
  if (stored != MaskCrc(c)) {
    return absl::DataLossError(absl::StrCat(
        "checksum mismatch in the string lengths of ", what,
        ": the data file is corrupt; re-copy or re-save the checkpoint"));
  }
  c = Crc32cExtend(c, in.data(), 4);
  in.remove_prefix(4);
  for (uint64_t len : lengths) {
    if (len > in.size()) {
      return absl::DataLossError(absl::StrCat(what, ": truncated string data"));
    }
    c = Crc32cExtend(c, in.data(), len);
    out->add_string_val(std::string(in.substr(0, len)));
    in.remove_prefix(len);
  }
  *crc = c;
  return absl::OkStatus();
}

absl::Status ChecksumError(const std::string& what, const std::string& path) {
  return absl::DataLossError(absl::StrCat(
      "checksum mismatch for ", what, " in '", path,
      "': the data file is corrupt; re-copy or re-save the checkpoint"));
}

}  // namespace

absl::StatusOr<BundleReader> BundleReader::Open(const std::string& prefix) {
  std::string index_path = prefix + ".index";
  auto table = ReadTable(index_path);
  if (!table.ok()) return table.status();
  BundleReader reader;
  reader.prefix_ = prefix;
  if (table->empty() || !(*table)[0].first.empty()) {
    return absl::DataLossError(absl::StrCat(
        "checkpoint index '", index_path,
        "' has no bundle header (empty key): it is not a TF V2 checkpoint"));
  }
  tensorflow::BundleHeaderProto header;
  if (!header.ParseFromString((*table)[0].second)) {
    return absl::DataLossError(
        absl::StrCat("checkpoint index '", index_path,
                     "' has an unparsable bundle header"));
  }
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE) {
    return absl::UnimplementedError(absl::StrCat(
        "checkpoint '", prefix,
        "' was written on a big-endian machine; re-save it little-endian"));
  }
  if (header.num_shards() <= 0 || header.num_shards() > 100000) {
    return absl::DataLossError(absl::StrCat("checkpoint index '", index_path,
                                            "' declares ", header.num_shards(),
                                            " data shards"));
  }
  reader.num_shards_ = header.num_shards();
  for (size_t i = 1; i < table->size(); ++i) {
    const auto& [key, value] = (*table)[i];
    BundleEntryProto entry;
    if (!entry.ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("checkpoint index '", index_path,
                                              "': unparsable entry for '", key,
                                              "'"));
    }
    // Slice records of partitioned variables have OrderedCode keys, which
    // start with a 0 byte; no variable name does.
    if (!key.empty() && key[0] == '\0') {
      reader.slice_entries_.emplace(key, std::move(entry));
    } else {
      reader.entries_.emplace(key, std::move(entry));
    }
  }
  return reader;
}

std::string BundleReader::ShardPath(int shard) const {
  return absl::StrFormat("%s.data-%05d-of-%05d", prefix_, shard, num_shards_);
}

absl::StatusOr<std::string> BundleReader::ReadFixedSizeBytes(
    const BundleEntryProto& entry, const std::string& key,
    const std::string& what) const {
  if (entry.shard_id() < 0 || entry.shard_id() >= num_shards_) {
    return absl::DataLossError(absl::StrCat(what, " names data shard ",
                                            entry.shard_id(), " of ",
                                            num_shards_));
  }
  auto n = NumElements(entry.shape(), what);
  if (!n.ok()) return n.status();
  int elem = DataTypeSize(entry.dtype());
  if (*n > entry.size() / elem || *n * elem != entry.size()) {
    return absl::DataLossError(absl::StrCat(
        what, " has ", entry.size(), " bytes but shape ",
        ShapeString(entry.shape()), " of ", DataTypeName(entry.dtype()),
        " needs ", *n, " x ", elem, ": the index is corrupt"));
  }
  std::string path = ShardPath(entry.shard_id());
  auto bytes = ReadRange(path, entry.offset(), entry.size(), key);
  if (!bytes.ok()) return bytes.status();
  if (Crc32c(*bytes) != UnmaskCrc(entry.crc32c())) {
    return ChecksumError(what, path);
  }
  return bytes;
}

absl::StatusOr<TensorProto> BundleReader::ReadTensor(
    const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return absl::NotFoundError(absl::StrCat(
        "checkpoint '", prefix_, "' has no tensor '", key,
        "'; run `tfaotc inspect ", prefix_, "` to list its keys"));
  }
  const BundleEntryProto& entry = it->second;
  std::string what = absl::StrCat("tensor '", key, "' of checkpoint '",
                                  prefix_, "'");
  TensorProto tensor;
  tensor.set_dtype(entry.dtype());
  *tensor.mutable_tensor_shape() = entry.shape();
  int elem = DataTypeSize(entry.dtype());
  if (elem == 0 && entry.dtype() != tensorflow::DT_STRING) {
    return absl::UnimplementedError(absl::StrCat(
        what, " has dtype ", DataTypeName(entry.dtype()),
        ", which cannot become a constant"));
  }
  if (entry.slices_size() > 0) {
    if (elem == 0) {
      return absl::UnimplementedError(absl::StrCat(
          what, " is a partitioned string variable, which is not supported"));
    }
    auto full = ReadPartitioned(key, entry, what);
    if (!full.ok()) return full.status();
    tensor.set_tensor_content(std::move(*full));
    return tensor;
  }
  if (elem > 0) {
    auto bytes = ReadFixedSizeBytes(entry, key, what);
    if (!bytes.ok()) return bytes.status();
    tensor.set_tensor_content(std::move(*bytes));
    return tensor;
  }
  if (entry.shard_id() < 0 || entry.shard_id() >= num_shards_) {
    return absl::DataLossError(absl::StrCat(what, " names data shard ",
                                            entry.shard_id(), " of ",
                                            num_shards_));
  }
  auto n = NumElements(entry.shape(), what);
  if (!n.ok()) return n.status();
  std::string path = ShardPath(entry.shard_id());
  auto bytes = ReadRange(path, entry.offset(), entry.size(), key);
  if (!bytes.ok()) return bytes.status();
  uint32_t crc = 0;
  absl::Status s = DecodeStrings(*bytes, *n, what, &crc, &tensor);
  if (!s.ok()) return s;
  if (crc != UnmaskCrc(entry.crc32c())) return ChecksumError(what, path);
  return tensor;
}

// A partitioned variable's entry lists its slices; each slice's bytes are
// stored under the slice's own key and copied into place here.
absl::StatusOr<std::string> BundleReader::ReadPartitioned(
    const std::string& key, const BundleEntryProto& entry,
    const std::string& what) const {
  auto n = NumElements(entry.shape(), what);
  if (!n.ok()) return n.status();
  int elem = DataTypeSize(entry.dtype());
  // Read (and checksum) every slice before allocating the whole tensor, so
  // a corrupt shape cannot make us allocate more than the files hold.
  std::vector<std::pair<SliceExtents, std::string>> parts;
  int64_t total_bytes = 0;
  for (const auto& slice_proto : entry.slices()) {
    SliceExtents slice = ExtentsFromProto(slice_proto);
    auto it = slice_entries_.find(EncodeTensorNameSlice(key, slice));
    std::string slice_what = absl::StrCat("slice ", slice_proto.ShortDebugString(),
                                          " of partitioned variable ", what);
    if (it == slice_entries_.end()) {
      return absl::DataLossError(absl::StrCat(
          "checkpoint has no data for ", slice_what,
          ": the .index is incomplete; re-save the checkpoint"));
    }
    if (it->second.dtype() != entry.dtype()) {
      return absl::DataLossError(absl::StrCat(slice_what, " has dtype ",
                                              DataTypeName(it->second.dtype())));
    }
    auto bytes = ReadFixedSizeBytes(it->second, key, slice_what);
    if (!bytes.ok()) return bytes.status();
    total_bytes += static_cast<int64_t>(bytes->size());
    parts.emplace_back(std::move(slice), std::move(*bytes));
  }
  if (*n > total_bytes / elem) {
    return absl::DataLossError(absl::StrCat(
        "the slices of partitioned variable ", what, " hold ",
        total_bytes / elem, " elements but its shape ",
        ShapeString(entry.shape()), " has ", *n, ": re-save the checkpoint"));
  }
  std::vector<int64_t> dims;
  for (const auto& d : entry.shape().dim()) dims.push_back(d.size());
  std::string full(static_cast<size_t>(*n * elem), '\0');
  int64_t copied = 0;
  for (const auto& [slice, bytes] : parts) {
    absl::Status s = CopySliceInto(bytes, elem, dims, slice, what, &full, &copied);
    if (!s.ok()) return s;
  }
  if (copied != *n) {
    return absl::DataLossError(absl::StrCat(
        "the slices of partitioned variable ", what, " hold ", copied,
        " elements but its shape ", ShapeString(entry.shape()), " has ", *n,
        ": re-save the checkpoint"));
  }
  return full;
}

}  // namespace tfaot::checkpoint
