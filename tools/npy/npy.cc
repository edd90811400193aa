#include "tools/npy/npy.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tfaot::npy {
namespace {

struct DescrEntry {
  const char* descr;
  ir::DType dtype;
};
// Byte-order marks: '<' little, '|' not applicable, '=' native (little here).
constexpr DescrEntry kDescrs[] = {
    {"f4", ir::DType::kFloat}, {"f8", ir::DType::kDouble}, {"f2", ir::DType::kHalf},
    {"i1", ir::DType::kInt8},  {"i2", ir::DType::kInt16},  {"i4", ir::DType::kInt32},
    {"i8", ir::DType::kInt64}, {"u1", ir::DType::kUInt8},  {"u2", ir::DType::kUInt16},
    {"u4", ir::DType::kUInt32}, {"u8", ir::DType::kUInt64}, {"b1", ir::DType::kBool},
};

// The value of `key` in the header dict, e.g. "'<f4'" or "(2, 3)".
std::string DictValue(const std::string& header, const std::string& key) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) return "";
  size_t colon = header.find(':', k);
  if (colon == std::string::npos) return "";
  size_t start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos) return "";
  size_t end = header[start] == '(' ? header.find(')', start) + 1
                                    : header.find_first_of(",}", start + 1);
  if (header[start] == '\'') end = header.find('\'', start + 1) + 1;
  return header.substr(start, end - start);
}

ir::Tensor FortranToC(const ir::Tensor& t) {
  ir::Tensor out(t.dtype(), t.shape());
  const ir::Shape& s = t.shape();
  int64_t elem = ir::DTypeSize(t.dtype());
  std::vector<int64_t> c_strides = ir::RowMajorStrides(s);
  std::vector<int64_t> f_strides(s.size(), 1);
  for (size_t d = 1; d < s.size(); ++d) f_strides[d] = f_strides[d - 1] * s[d - 1];
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    int64_t rem = i, src = 0;
    for (size_t d = 0; d < s.size(); ++d) {
      src += (rem / c_strides[d]) * f_strides[d];
      rem %= c_strides[d];
    }
    std::memcpy(out.raw() + i * elem, t.raw() + src * elem, elem);
  }
  return out;
}

}  // namespace

absl::StatusOr<ir::Tensor> ParseNpy(const std::string& bytes, const std::string& name) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not a valid .npy file: ", why));
  };
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) return bad("no NUMPY magic");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len, header_start;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return bad("truncated header");
    header_len = 0;
    for (int i = 0; i < 4; ++i) header_len |= size_t{static_cast<unsigned char>(bytes[8 + i])} << (8 * i);
    header_start = 12;
  } else {
    return bad(absl::StrCat("unknown format version ", major));
  }
  if (bytes.size() < header_start + header_len) return bad("truncated header");
  std::string header = bytes.substr(header_start, header_len);
  std::string descr = DictValue(header, "descr");
  std::string order = DictValue(header, "fortran_order");
  std::string shape_text = DictValue(header, "shape");
  if (descr.size() < 4 || shape_text.empty()) return bad("header lacks descr or shape");
  descr = descr.substr(1, descr.size() - 2);  // strip quotes
  if (descr[0] == '>') return bad("big-endian data is not supported; save it little-endian");
  ir::DType dtype = ir::DType::kInvalid;
  for (const DescrEntry& e : kDescrs)
    if (descr.substr(1) == e.descr) dtype = e.dtype;
  if (dtype == ir::DType::kInvalid) return bad("unsupported dtype '" + descr + "'");
  ir::Shape shape;
  std::string inner(absl::StripSuffix(absl::StripPrefix(shape_text, "("), ")"));
  for (absl::string_view part : absl::StrSplit(inner, ',', absl::SkipWhitespace())) {
    int64_t d;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(part), &d) || d < 0)
      return bad("bad shape " + shape_text);
    shape.push_back(d);
  }
  ir::Tensor t(dtype, shape);
  size_t data_start = header_start + header_len;
  if (bytes.size() - data_start < static_cast<size_t>(t.byte_size()))
    return bad(absl::StrCat("data is truncated: ", ir::ShapeToString(shape), " needs ",
                            t.byte_size(), " bytes, file has ", bytes.size() - data_start));
  std::memcpy(t.raw(), bytes.data() + data_start, t.byte_size());
  if (order == "True" && shape.size() > 1) return FortranToC(t);
  return t;
}

absl::StatusOr<ir::Tensor> ReadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path + ": cannot open file for reading");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseNpy(buffer.str(), path);
}

std::string SerializeNpy(const ir::Tensor& tensor) {
  std::string descr;
  for (const DescrEntry& e : kDescrs)
    if (e.dtype == tensor.dtype()) descr = (ir::DTypeSize(e.dtype) == 1 ? "|" : "<") + std::string(e.descr);
  std::string shape = "(" + absl::StrJoin(tensor.shape(), ", ") + (tensor.shape().size() == 1 ? ",)" : ")");
  std::string header = absl::StrCat("{'descr': '", descr, "', 'fortran_order': False, 'shape': ",
                                    shape, ", }");
  // Pad so the data starts on a 64-byte boundary; the header ends in '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(1);
  out += static_cast<char>(0);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(tensor.raw(), static_cast<size_t>(tensor.byte_size()));
  return out;
}

absl::Status WriteNpy(const std::string& path, const ir::Tensor& tensor) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string bytes = SerializeNpy(tensor);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) return absl::PermissionDeniedError(path + ": cannot write file");
  return absl::OkStatus();
}

}  // namespace tfaot::npy
