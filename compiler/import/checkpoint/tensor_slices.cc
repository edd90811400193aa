#include "compiler/import/checkpoint/tensor_slices.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace tfaot::checkpoint {
namespace {

// OrderedCode::WriteNumIncreasing: a length byte, then the value's
// big-endian bytes without leading zeros.
void WriteNumIncreasing(std::string* out, uint64_t v) {
  char buf[8];
  int len = 0;
  while (v > 0) {
    buf[7 - len++] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->push_back(static_cast<char>(len));
  out->append(buf + 8 - len, len);
}

// OrderedCode::WriteString: 0x00 -> 00 ff, 0xff -> ff 00, then 00 01.
void WriteString(std::string* out, const std::string& s) {
  for (char c : s) {
    if (c == '\0') {
      out->append("\x00\xff", 2);
    } else if (c == '\xff') {
      out->append("\xff\x00", 2);
    } else {
      out->push_back(c);
    }
  }
  out->append("\x00\x01", 2);
}

// OrderedCode::WriteSignedNumIncreasing: big-endian two's complement,
// sign-extended, with the length in unary in the leading bits.
void WriteSignedNumIncreasing(std::string* out, int64_t val) {
  static const unsigned char kHeader[11][2] = {
      {0, 0},       {0x80, 0},    {0xc0, 0}, {0xe0, 0},
      {0xf0, 0},    {0xf8, 0},    {0xfc, 0}, {0xfe, 0},
      {0xff, 0},    {0xff, 0x80}, {0xff, 0xc0}};
  const uint64_t x = val < 0 ? ~static_cast<uint64_t>(val) : val;
  if (x < 64) {
    out->push_back(static_cast<char>(kHeader[1][0] ^ static_cast<uint8_t>(val)));
    return;
  }
  int bits = 0;  // floor(log2(x)) + 1
  for (uint64_t t = x; t; t >>= 1) ++bits;
  const int len = (bits + 7) / 7;
  unsigned char buf[10];
  buf[0] = buf[1] = val < 0 ? 0xff : 0;
  for (int i = 0; i < 8; ++i) {
    buf[2 + i] = static_cast<unsigned char>(static_cast<uint64_t>(val) >> (56 - 8 * i));
  }
  unsigned char* begin = buf + 10 - len;
  begin[0] ^= kHeader[len][0];
  begin[1] ^= kHeader[len][1];
  out->append(reinterpret_cast<char*>(begin), len);
}

}  // namespace

SliceExtents ExtentsFromProto(const tensorflow::TensorSliceProto& proto) {
  SliceExtents s;
  for (const auto& e : proto.extent()) {
    s.start.push_back(e.start());
    s.length.push_back(e.has_length_case() ==
                               tensorflow::TensorSliceProto::Extent::kLength
                           ? e.length()
                           : -1);
  }
  return s;
}

std::string EncodeTensorNameSlice(const std::string& name,
                                  const SliceExtents& slice) {
  std::string key;
  WriteNumIncreasing(&key, 0);
  WriteString(&key, name);
  WriteNumIncreasing(&key, slice.start.size());
  for (size_t d = 0; d < slice.start.size(); ++d) {
    WriteSignedNumIncreasing(&key, slice.start[d]);
    WriteSignedNumIncreasing(&key, slice.length[d]);
  }
  return key;
}

absl::Status CopySliceInto(const std::string& slice_bytes, int elem_size,
                           const std::vector<int64_t>& dims,
                           const SliceExtents& slice, const std::string& what,
                           std::string* full, int64_t* elements_copied) {
  const size_t rank = dims.size();
  if (slice.start.size() != rank) {
    return absl::DataLossError(absl::StrCat(
        what, ": a slice has rank ", slice.start.size(), ", the variable ", rank));
  }
  std::vector<int64_t> start(rank), len(rank);
  int64_t count = 1;
  for (size_t d = 0; d < rank; ++d) {
    start[d] = slice.length[d] < 0 ? 0 : slice.start[d];
    len[d] = slice.length[d] < 0 ? dims[d] : slice.length[d];
    if (start[d] < 0 || len[d] < 0 || start[d] > dims[d] ||
        len[d] > dims[d] - start[d]) {
      return absl::DataLossError(absl::StrCat(
          what, ": slice extent [", slice.start[d], ", +", slice.length[d],
          ") is outside dimension ", d, " of size ", dims[d]));
    }
    count *= len[d];
  }
  if (static_cast<int64_t>(slice_bytes.size()) != count * elem_size) {
    return absl::DataLossError(absl::StrCat(
        what, ": a slice holds ", slice_bytes.size(), " bytes, expected ",
        count * elem_size));
  }
  *elements_copied += count;
  if (count == 0) return absl::OkStatus();
  // Copy contiguous runs along the last dimension; `idx` walks the outer
  // dimensions of the slice in row-major order.
  std::vector<int64_t> stride(rank, 1);
  for (size_t d = rank; d-- > 1;) stride[d - 1] = stride[d] * dims[d];
  const int64_t run = rank == 0 ? 1 : len[rank - 1];
  std::vector<int64_t> idx(rank, 0);
  const char* src = slice_bytes.data();
  for (int64_t done = 0; done < count; done += run) {
    int64_t offset = 0;
    for (size_t d = 0; d < rank; ++d) offset += (start[d] + idx[d]) * stride[d];
    std::memcpy(full->data() + offset * elem_size, src, run * elem_size);
    src += run * elem_size;
    for (size_t d = rank < 2 ? 0 : rank - 1; d-- > 0;) {  // next outer index
      if (++idx[d] < len[d]) break;
      idx[d] = 0;
    }
  }
  return absl::OkStatus();
}

}  // namespace tfaot::checkpoint
