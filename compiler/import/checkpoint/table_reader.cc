#include "compiler/import/checkpoint/table_reader.h"

#include <fstream>
#include <memory>
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

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadTable(
    const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  return ReadTableFromBytes(*bytes, path);
}

}  // namespace tfaot::checkpoint
