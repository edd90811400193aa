#include "compiler/import/checkpoint/bundle_reader.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "compiler/import/checkpoint/bundle_writer_for_test.h"
#include "compiler/import/checkpoint/table_reader.h"
#include "compiler/import/checkpoint/test_util.h"
#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

using testing::FloatTensor;
using testing::FloatValues;
using testing::NewTempDir;
using testing::WriteBundle;

void FlipByte(const std::string& path, size_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(offset);
  char c;
  f.read(&c, 1);
  c ^= 0x40;
  f.seekp(offset);
  f.write(&c, 1);
}

void Truncate(const std::string& path, size_t size) {
  std::filesystem::resize_file(path, size);
}

std::string SmallBundle(bool snappy = false) {
  std::string prefix = NewTempDir() + "/model";
  testing::TestTensor counts{"counts", tensorflow::DT_INT32, {2}, "", 1};
  int32_t c[2] = {7, -3};
  counts.bytes.assign(reinterpret_cast<char*>(c), 8);
  WriteBundle(prefix,
              {FloatTensor("dense/kernel", {2, 2}, {1.5f, -2, 0.25f, 8}),
               FloatTensor("dense/bias", {2}, {0.5f, 2}), counts},
              snappy, /*num_shards=*/2);
  return prefix;
}

TEST(BundleReaderTest, ReadsValuesDtypesShapesAcrossShards) {
  for (bool snappy : {false, true}) {
    auto r = BundleReader::Open(SmallBundle(snappy));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->num_shards(), 2);
    ASSERT_EQ(r->entries().size(), 3u);
    EXPECT_EQ(ShapeString(r->entries().at("dense/kernel").shape()), "[2,2]");
    auto k = r->ReadTensor("dense/kernel");
    ASSERT_TRUE(k.ok()) << k.status();
    EXPECT_EQ(k->dtype(), tensorflow::DT_FLOAT);
    EXPECT_EQ(FloatValues(*k), (std::vector<float>{1.5f, -2, 0.25f, 8}));
    auto counts = r->ReadTensor("counts");
    ASSERT_TRUE(counts.ok()) << counts.status();
    int32_t c[2];
    ASSERT_EQ(counts->tensor_content().size(), 8u);
    std::memcpy(c, counts->tensor_content().data(), 8);
    EXPECT_EQ(c[0], 7);
    EXPECT_EQ(c[1], -3);
  }
}

TEST(BundleReaderTest, MissingKeyNamesKeyAndSuggestsInspect) {
  auto r = BundleReader::Open(SmallBundle());
  ASSERT_TRUE(r.ok());
  auto t = r->ReadTensor("dense/kernal");
  ASSERT_FALSE(t.ok());
  EXPECT_ERROR_HAS(t.status(), "'dense/kernal'");
  EXPECT_ERROR_HAS(t.status(), "tfaotc inspect");
}

TEST(BundleReaderTest, FlippedDataByteIsChecksumErrorNamingTensor) {
  std::string prefix = SmallBundle();
  // Shard 0 holds dense/bias (8 bytes) then dense/kernel (16 bytes).
  FlipByte(prefix + ".data-00000-of-00002", 10);
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ReadTensor("dense/bias").ok());
  auto t = r->ReadTensor("dense/kernel");
  ASSERT_FALSE(t.ok());
  EXPECT_ERROR_HAS(t.status(), "checksum");
  EXPECT_ERROR_HAS(t.status(), "'dense/kernel'");
  EXPECT_ERROR_HAS(t.status(), "model.data-00000-of-00002");
}

TEST(BundleReaderTest, TruncatedIndexIsClearError) {
  std::string prefix = SmallBundle();
  size_t size = std::filesystem::file_size(prefix + ".index");
  for (size_t keep : {size_t{0}, size_t{10}, size / 2, size - 1}) {
    std::string copy = NewTempDir() + "/m";
    std::filesystem::copy_file(prefix + ".index", copy + ".index");
    Truncate(copy + ".index", keep);
    auto r = BundleReader::Open(copy);
    ASSERT_FALSE(r.ok()) << "kept " << keep;
    EXPECT_ERROR_HAS(r.status(), copy + ".index");
    EXPECT_ERROR_HAS(r.status(), "truncated or corrupt");
  }
}

TEST(BundleReaderTest, FooterHandleBeyondTheFileIsClearError) {
  // LevelDB would allocate the index block's size (here 2^35 bytes) before
  // reading it (found by tests/fuzz/checkpoint_fuzz.cc): an error instead.
  std::string prefix = SmallBundle();
  std::string bytes = *ReadFileToString(prefix + ".index");
  // The footer is the last 48 bytes: metaindex handle, then index handle
  // (varint offset, varint size). Rewrite it with a huge index size.
  std::string footer = bytes.substr(bytes.size() - 48);
  std::string huge_handle = {'\x01', '\x02', '\x10', '\x80', '\x80', '\x80', '\x80', '\x80', '\x01'};
  std::string rewritten = huge_handle + std::string(40 - huge_handle.size(), '\0') + footer.substr(40);
  std::string dir = NewTempDir();
  testing::WriteStringToFile(dir + "/m.index", bytes.substr(0, bytes.size() - 48) + rewritten);
  auto r = BundleReader::Open(dir + "/m");
  ASSERT_FALSE(r.ok());
  EXPECT_ERROR_HAS(r.status(), dir + "/m.index");
  EXPECT_ERROR_HAS(r.status(), "the footer's index block lies outside the");
  EXPECT_ERROR_HAS(r.status(), "truncated or corrupt");
}

TEST(BundleReaderTest, EveryFlippedIndexByteIsErrorOrHarmless) {
  // No crash and no wrong value for any single-byte corruption of the index.
  std::string prefix = SmallBundle(true);
  std::string bytes = *ReadFileToString(prefix + ".index");
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string dir = NewTempDir();
    std::filesystem::copy_file(prefix + ".data-00000-of-00002",
                               dir + "/m.data-00000-of-00002");
    std::filesystem::copy_file(prefix + ".data-00001-of-00002",
                               dir + "/m.data-00001-of-00002");
    std::string corrupt = bytes;
    corrupt[i] ^= 0x40;
    testing::WriteStringToFile(dir + "/m.index", corrupt);
    auto r = BundleReader::Open(dir + "/m");
    if (!r.ok()) continue;
    auto t = r->ReadTensor("dense/kernel");
    if (t.ok()) {
      EXPECT_EQ(FloatValues(*t), (std::vector<float>{1.5f, -2, 0.25f, 8}));
    }
  }
}

TEST(BundleReaderTest, MissingShardNamesFile) {
  std::string prefix = SmallBundle();
  std::filesystem::remove(prefix + ".data-00001-of-00002");
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok());
  auto t = r->ReadTensor("counts");
  ASSERT_FALSE(t.ok());
  EXPECT_ERROR_HAS(t.status(), "model.data-00001-of-00002");
  EXPECT_ERROR_HAS(t.status(), "missing");
}

TEST(BundleReaderTest, TruncatedShardIsError) {
  std::string prefix = SmallBundle();
  Truncate(prefix + ".data-00000-of-00002", 12);
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok());
  auto t = r->ReadTensor("dense/kernel");
  ASSERT_FALSE(t.ok());
  EXPECT_ERROR_HAS(t.status(), "truncated");
}

TEST(BundleReaderTest, SizeThatDisagreesWithShapeIsError) {
  std::string prefix = NewTempDir() + "/m";
  auto t = FloatTensor("v", {3}, {1, 2});  // 8 bytes for 3 floats
  WriteBundle(prefix, {t});
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok());
  auto v = r->ReadTensor("v");
  ASSERT_FALSE(v.ok());
  EXPECT_ERROR_HAS(v.status(), "'v'");
}

TEST(BundleReaderTest, RealSnappyIndexHalfPlusTwo) {
  TFAOT_TFMODELS_OR_FAIL(models);
  auto r = BundleReader::Open(
      models + "/serving/saved_model_half_plus_two_cpu/variables/variables");
  ASSERT_TRUE(r.ok()) << r.status();
  // y = a*x + b with a = 0.5, b = 2 (the model's name).
  EXPECT_EQ(FloatValues(*r->ReadTensor("a")), std::vector<float>{0.5f});
  EXPECT_EQ(FloatValues(*r->ReadTensor("b")), std::vector<float>{2.0f});
}

TEST(BundleReaderTest, RealTf2ObjectGraphString) {
  TFAOT_TFMODELS_OR_FAIL(models);
  auto r = BundleReader::Open(
      models + "/serving/saved_model_half_plus_two_tf2_cpu/variables/variables");
  ASSERT_TRUE(r.ok()) << r.status();
  auto blob = r->ReadTensor("_CHECKPOINTABLE_OBJECT_GRAPH");
  ASSERT_TRUE(blob.ok()) << blob.status();
  ASSERT_EQ(blob->string_val_size(), 1);
  tensorflow::TrackableObjectGraph g;
  ASSERT_TRUE(g.ParseFromString(blob->string_val(0)));
  bool found = false;
  for (const auto& n : g.nodes()) {
    for (const auto& a : n.attributes()) {
      if (a.checkpoint_key() == "a/.ATTRIBUTES/VARIABLE_VALUE") found = true;
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(FloatValues(*r->ReadTensor("a/.ATTRIBUTES/VARIABLE_VALUE")),
            std::vector<float>{0.5f});
}

TEST(BundleReaderTest, EveryRealCheckpointReadsCompletely) {
  TFAOT_TFMODELS_OR_FAIL(models);
  int bundles = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(models)) {
    std::string p = e.path().string();
    if (!absl::EndsWith(p, ".index")) continue;
    std::string prefix = p.substr(0, p.size() - 6);
    auto r = BundleReader::Open(prefix);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const auto& [key, entry] : r->entries()) {
      auto t = r->ReadTensor(key);
      EXPECT_TRUE(t.ok()) << t.status();
    }
    ++bundles;
  }
  EXPECT_GE(bundles, 17);
}


TEST(BundleReaderTest, ReassemblesPartitionedVariable) {
  std::string prefix = testing::NewTempDir() + "/p";
  // emb: 4x2, partitioned by rows into [0,3) and [3,4) as
  // tf.fixed_size_partitioner would.
  testing::WriteBundle(prefix, testing::PartitionedFloat(
                                   "emb", {4, 2},
                                   {{{0, 0}, {3, -1}, {1, 2, 3, 4, 5, 6}, {3, 2}},
                                    {{3, 0}, {1, -1}, {7, 8}, {1, 2}}}));
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->entries().size(), 1u);  // slice records are not listed
  auto t = r->ReadTensor("emb");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(testing::FloatValues(*t),
            (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(BundleReaderTest, PartitionedVariableWithMissingSliceNamesIt) {
  std::string prefix = testing::NewTempDir() + "/p";
  auto entries = testing::PartitionedFloat(
      "emb", {4, 2},
      {{{0, 0}, {3, -1}, {1, 2, 3, 4, 5, 6}, {3, 2}},
       {{3, 0}, {1, -1}, {7, 8}, {1, 2}}});
  entries.erase(entries.begin() + 1);  // drop the second slice's data
  testing::WriteBundle(prefix, entries);
  auto r = BundleReader::Open(prefix);
  ASSERT_TRUE(r.ok()) << r.status();
  auto t = r->ReadTensor("emb");
  EXPECT_ERROR_HAS(t.status(), "partitioned variable tensor 'emb'");
}

}  // namespace
}  // namespace tfaot::checkpoint
