#include "compiler/import/checkpoint/table_reader.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "leveldb/env.h"
#include "leveldb/iterator.h"
#include "leveldb/options.h"
#include "leveldb/table.h"

namespace tfaot::checkpoint {
namespace {

// LevelDB reads tables through this interface; serving it from memory keeps
// file handling (and its error messages) on our side.
class StringFile : public leveldb::RandomAccessFile {
 public:
  explicit StringFile(const std::string& bytes) : bytes_(bytes) {}
  leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result,
                       char* /*scratch*/) const override {
    if (offset > bytes_.size()) {
      *result = leveldb::Slice();
      return leveldb::Status::Corruption("read past the end of the file");
    }
    size_t avail = bytes_.size() - static_cast<size_t>(offset);
    *result = leveldb::Slice(bytes_.data() + offset, n < avail ? n : avail);
    return leveldb::Status::OK();
  }

 private:
  const std::string& bytes_;
};

absl::Status Corrupt(const std::string& name, const leveldb::Status& s) {
  return absl::DataLossError(absl::StrCat(
      "checkpoint index '", name, "' is not a readable TensorBundle index (",
      s.ToString(),
      "); the file is truncated or corrupt: re-copy it or re-save the "
      "checkpoint"));
}

// LevelDB allocates a block's size, as the handle in the file gives it,
// before reading the block: a corrupt footer asking for gigabytes would end
// in std::bad_alloc (a crash) instead of an error. The footer's two handles
// (varint offset, varint size) are checked against the file size first.
// Inner handles sit in the checksummed index block; for those a bad_alloc is
// caught below.
constexpr size_t kFooterSize = 48;       // leveldb/table/format.h
constexpr size_t kBlockTrailerSize = 5;  // compression type + CRC32C

bool GetVarint64(const std::string& s, size_t* pos, size_t end, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift <= 63 && *pos < end; shift += 7) {
    const uint64_t byte = static_cast<unsigned char>(s[(*pos)++]);
    *value |= (byte & 0x7f) << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

absl::Status CheckFooterHandles(const std::string& bytes, const std::string& name) {
  if (bytes.size() < kFooterSize) return absl::OkStatus();  // LevelDB says "too short"
  size_t pos = bytes.size() - kFooterSize;
  const size_t end = bytes.size() - 8;  // the magic number
  for (const char* which : {"metaindex", "index"}) {
    uint64_t offset, size;
    if (!GetVarint64(bytes, &pos, end, &offset) || !GetVarint64(bytes, &pos, end, &size) ||
        offset > bytes.size() || size > bytes.size() - offset ||
        bytes.size() - offset - size < kBlockTrailerSize) {
      return Corrupt(name, leveldb::Status::Corruption(
                               absl::StrCat("the footer's ", which, " block lies outside the ",
                                            bytes.size(), "-byte file")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadCheckedTable(
    const std::string& bytes, const std::string& name) {
  StringFile file(bytes);
  leveldb::Options options;
  options.paranoid_checks = true;  // verify the index block's checksum too
  leveldb::Table* raw = nullptr;
  leveldb::Status s = leveldb::Table::Open(options, &file, bytes.size(), &raw);
  if (!s.ok()) return Corrupt(name, s);
  std::unique_ptr<leveldb::Table> table(raw);

  leveldb::ReadOptions read;
  read.verify_checksums = true;
  read.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(table->NewIterator(read));
  std::vector<std::pair<std::string, std::string>> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return Corrupt(name, it->status());
  return out;
}

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot open '", path, "': no such file or unreadable"));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("error reading '", path, "'"));
  }
  return buf.str();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
ReadTableFromBytes(const std::string& bytes, const std::string& name) {
  if (absl::Status s = CheckFooterHandles(bytes, name); !s.ok()) return s;
  try {
    return ReadCheckedTable(bytes, name);
  } catch (const std::bad_alloc&) {
    return Corrupt(name, leveldb::Status::Corruption("a block size is larger than memory"));
  }
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadTable(
    const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  return ReadTableFromBytes(*bytes, path);
}

}  // namespace tfaot::checkpoint
