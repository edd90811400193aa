#include "compiler/import/model_files.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace tfaot::import {
namespace {

// Collects the text parser's first error instead of letting it log.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) first_ = absl::StrCat("line ", line + 1, ":", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

bool LooksLikeText(const std::string& data) {
  for (size_t i = 0; i < data.size() && i < 512; ++i) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c >= 0x7f) return false;
  }
  return true;
}

template <typename Message>
absl::StatusOr<Message> ParseBinaryOrText(const absl::StatusOr<std::string>& data,
                                          const std::string& path, const char* what) {
  if (!data.ok()) return data.status();
  Message message;
  if (data->empty())
    return absl::InvalidArgumentError(absl::StrCat(path, ": the ", what, " file is empty"));
  // A text file is parsed as text: binary parsing of text can succeed by
  // accident and yield garbage.
  if (!LooksLikeText(*data)) {
    if (message.ParseFromString(*data)) return message;
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": not a valid binary ", what, " (truncated or corrupt protocol buffer)"));
  }
  google::protobuf::TextFormat::Parser parser;
  FirstErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (parser.ParseFromString(*data, &message)) return message;
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": not a valid text ", what, ": ", errors.first()));
}

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file for reading"));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrCat(path, ": read error"));
  return buffer.str();
}

absl::StatusOr<tensorflow::GraphDef> ReadGraphDef(const std::string& path) {
  return ParseBinaryOrText<tensorflow::GraphDef>(ReadFileToString(path), path, "GraphDef");
}

absl::StatusOr<tensorflow::tf2xla::Config> ReadConfig(const std::string& path) {
  return ParseBinaryOrText<tensorflow::tf2xla::Config>(ReadFileToString(path), path,
                                                       "tf2xla.Config");
}

absl::StatusOr<tensorflow::GraphDef> ParseGraphDef(const std::string& data,
                                                   const std::string& name) {
  return ParseBinaryOrText<tensorflow::GraphDef>(data, name, "GraphDef");
}

absl::StatusOr<tensorflow::tf2xla::Config> ParseConfig(const std::string& data,
                                                       const std::string& name) {
  return ParseBinaryOrText<tensorflow::tf2xla::Config>(data, name, "tf2xla.Config");
}

}  // namespace tfaot::import
