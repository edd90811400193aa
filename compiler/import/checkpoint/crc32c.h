// CRC32C (Castagnoli), as TensorBundle uses to checksum tensor bytes.
// Debian ships no standalone crc32c library (libleveldb keeps its copy
// private), so this is a small table-driven implementation.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_CRC32C_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_CRC32C_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace tfaot::checkpoint {

// Extends `crc` (the CRC of some prefix) with `data`.
uint32_t Crc32cExtend(uint32_t crc, const char* data, size_t n);
inline uint32_t Crc32c(absl::string_view data) {
  return Crc32cExtend(0, data.data(), data.size());
}

// TensorFlow/LevelDB store checksums "masked" so that a CRC of data that
// itself contains CRCs stays well distributed.
inline uint32_t MaskCrc(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}
inline uint32_t UnmaskCrc(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_CRC32C_H_
