// Reads a TensorBundle .index file: a LevelDB SSTable (footer, index block,
// prefix-compressed data blocks with restart points, optional snappy blocks,
// masked CRC32C per block). Parsing is LevelDB's own table reader (Debian's
// libleveldb), which verifies block checksums; this file adapts it to an
// in-memory file and absl::Status, and checks the footer's block handles
// first (LevelDB allocates a handle's size before it reads the block).
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_TABLE_READER_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_TABLE_READER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tfaot::checkpoint {

// All key/value pairs of the table in `path`, in key order. Errors name the
// file and say whether it is unreadable, truncated or corrupt.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadTable(
    const std::string& path);

// Same, for table bytes already in memory; `name` is used in errors.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
ReadTableFromBytes(const std::string& bytes, const std::string& name);

// Reads a whole file; the error names the file.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_TABLE_READER_H_
