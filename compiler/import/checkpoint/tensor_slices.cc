#include "compiler/import/checkpoint/tensor_slices.h"

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

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

namespace {

// Resolves `slice` against `dims` (checking bounds) into start/len.
absl::Status Resolve(const std::vector<int64_t>& dims, const SliceExtents& slice,
                     const std::string& what, std::vector<int64_t>* start,
                     std::vector<int64_t>* len, int64_t* count) {
  const size_t rank = dims.size();
  if (slice.start.size() != rank || slice.length.size() != rank) {
    return absl::DataLossError(absl::StrCat(
        what, ": a slice has rank ", slice.start.size(), ", the variable ", rank));
  }
  start->assign(rank, 0);
  len->assign(rank, 0);
  *count = 1;
  for (size_t d = 0; d < rank; ++d) {
    (*start)[d] = slice.length[d] < 0 ? 0 : slice.start[d];
    (*len)[d] = slice.length[d] < 0 ? dims[d] : slice.length[d];
    if ((*start)[d] < 0 || (*len)[d] < 0 || (*start)[d] > dims[d] ||
        (*len)[d] > dims[d] - (*start)[d]) {
      return absl::DataLossError(absl::StrCat(
          what, ": slice extent [", slice.start[d], ", +", slice.length[d],
          ") is outside dimension ", d, " of size ", dims[d]));
    }
    *count *= (*len)[d];
  }
  return absl::OkStatus();
}

// Calls copy(full_offset_elements, slice_offset_elements, run_elements) for
// each contiguous run (along the last dim) of the slice, in row-major order.
template <typename Copy>
void ForEachRun(const std::vector<int64_t>& dims,
                const std::vector<int64_t>& start,
                const std::vector<int64_t>& len, int64_t count, Copy copy) {
  const size_t rank = dims.size();
  if (count == 0) return;
  std::vector<int64_t> stride(rank, 1);
  for (size_t d = rank; d-- > 1;) stride[d - 1] = stride[d] * dims[d];
  const int64_t run = rank == 0 ? 1 : len[rank - 1];
  std::vector<int64_t> idx(rank, 0);
  for (int64_t done = 0; done < count; done += run) {
    int64_t offset = 0;
    for (size_t d = 0; d < rank; ++d) offset += (start[d] + idx[d]) * stride[d];
    copy(offset, done, run);
    for (size_t d = rank < 2 ? 0 : rank - 1; d-- > 0;) {  // next outer index
      if (++idx[d] < len[d]) break;
      idx[d] = 0;
    }
  }
}

}  // namespace

absl::Status CopySliceInto(const std::string& slice_bytes, int elem_size,
                           const std::vector<int64_t>& dims,
                           const SliceExtents& slice, const std::string& what,
                           std::string* full, int64_t* elements_copied) {
  std::vector<int64_t> start, len;
  int64_t count;
  absl::Status s = Resolve(dims, slice, what, &start, &len, &count);
  if (!s.ok()) return s;
  if (static_cast<int64_t>(slice_bytes.size()) != count * elem_size) {
    return absl::DataLossError(absl::StrCat(
        what, ": a slice holds ", slice_bytes.size(), " bytes, expected ",
        count * elem_size));
  }
  *elements_copied += count;
  ForEachRun(dims, start, len, count, [&](int64_t at, int64_t from, int64_t n) {
    std::memcpy(full->data() + at * elem_size,
                slice_bytes.data() + from * elem_size, n * elem_size);
  });
  return absl::OkStatus();
}

absl::StatusOr<std::string> ExtractSlice(const std::string& full, int elem_size,
                                         const std::vector<int64_t>& dims,
                                         const SliceExtents& slice,
                                         const std::string& what) {
  std::vector<int64_t> start, len;
  int64_t count;
  absl::Status s = Resolve(dims, slice, what, &start, &len, &count);
  if (!s.ok()) return s;
  int64_t total = 1;
  for (int64_t d : dims) total *= d;
  if (static_cast<int64_t>(full.size()) != total * elem_size) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": tensor size does not match its shape"));
  }
  std::string out(static_cast<size_t>(count * elem_size), '\0');
  ForEachRun(dims, start, len, count, [&](int64_t at, int64_t from, int64_t n) {
    std::memcpy(out.data() + from * elem_size, full.data() + at * elem_size,
                n * elem_size);
  });
  return out;
}

absl::Status ParseShapeAndSlice(const std::string& spec,
                                std::vector<int64_t>* full_dims,
                                SliceExtents* slice) {
  std::vector<std::string> parts = absl::StrSplit(spec, ' ', absl::SkipEmpty());
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "malformed shape_and_slice '", spec, "' in the graph's saver"));
  };
  if (parts.size() < 2) return bad();
  full_dims->clear();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    int64_t d;
    if (!absl::SimpleAtoi(parts[i], &d) || d < 0) return bad();
    full_dims->push_back(d);
  }
  std::vector<std::string> extents = absl::StrSplit(parts.back(), ':');
  if (extents.size() != full_dims->size()) return bad();
  *slice = SliceExtents();
  for (const std::string& e : extents) {
    if (e == "-") {
      slice->start.push_back(0);
      slice->length.push_back(-1);
      continue;
    }
    std::vector<std::string> sl = absl::StrSplit(e, ',');
    int64_t start, length;
    if (sl.size() != 2 || !absl::SimpleAtoi(sl[0], &start) ||
        !absl::SimpleAtoi(sl[1], &length)) {
      return bad();
    }
    slice->start.push_back(start);
    slice->length.push_back(length);
  }
  return absl::OkStatus();
}

}  // namespace tfaot::checkpoint
