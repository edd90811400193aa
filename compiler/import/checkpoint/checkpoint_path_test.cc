#include "compiler/import/checkpoint/checkpoint_path.h"

#include <filesystem>

#include "compiler/import/checkpoint/test_util.h"
#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

using testing::NewTempDir;
using testing::WriteStringToFile;

std::string DirWithCheckpoint(const std::string& name) {
  std::string dir = NewTempDir();
  WriteStringToFile(dir + "/" + name + ".index", "x");
  return dir;
}

TEST(CheckpointPathTest, StateFileWithRelativePath) {
  std::string dir = DirWithCheckpoint("model-100");
  WriteStringToFile(dir + "/checkpoint",
                    "model_checkpoint_path: \"model-100\"\n"
                    "all_model_checkpoint_paths: \"model-50\"\n"
                    "all_model_checkpoint_paths: \"model-100\"\n");
  auto p = ResolveCheckpointPrefix(dir);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, dir + "/model-100");
}

TEST(CheckpointPathTest, StateFileWithForeignAbsolutePath) {
  std::string dir = DirWithCheckpoint("data-all-1000");
  WriteStringToFile(dir + "/checkpoint",
                    "model_checkpoint_path: "
                    "\"/home/someone/pbdirs/simple_graph/data-all-1000\"\n");
  auto p = ResolveCheckpointPrefix(dir);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, dir + "/data-all-1000");
}

TEST(CheckpointPathTest, StateFileNamingMissingCheckpoint) {
  std::string dir = DirWithCheckpoint("other");
  WriteStringToFile(dir + "/checkpoint", "model_checkpoint_path: \"gone\"\n");
  auto p = ResolveCheckpointPrefix(dir);
  EXPECT_ERROR_HAS(p.status(), "'gone'");
  EXPECT_ERROR_HAS(p.status(), dir + "/checkpoint");
}

TEST(CheckpointPathTest, StateFileWithoutPath) {
  std::string dir = DirWithCheckpoint("m");
  WriteStringToFile(dir + "/checkpoint", "all_model_checkpoint_paths: \"m\"\n");
  EXPECT_ERROR_HAS(ResolveCheckpointPrefix(dir).status(),
                   "no model_checkpoint_path");
}

TEST(CheckpointPathTest, PrefixAndCheckpointFiles) {
  std::string dir = DirWithCheckpoint("m.ckpt");
  std::string prefix = dir + "/m.ckpt";
  EXPECT_EQ(*ResolveCheckpointPrefix(prefix), prefix);
  EXPECT_EQ(*ResolveCheckpointPrefix(prefix + ".index"), prefix);
  EXPECT_EQ(*ResolveCheckpointPrefix(prefix + ".meta"), prefix);
  EXPECT_EQ(*ResolveCheckpointPrefix(prefix + ".data-00000-of-00001"), prefix);
}

TEST(CheckpointPathTest, DirectoryWithoutStateFile) {
  std::string dir = DirWithCheckpoint("only");
  EXPECT_EQ(*ResolveCheckpointPrefix(dir), dir + "/only");
  WriteStringToFile(dir + "/second.index", "x");
  EXPECT_ERROR_HAS(ResolveCheckpointPrefix(dir).status(), "2 .index files");
}

TEST(CheckpointPathTest, SavedModelDirectory) {
  std::string dir = NewTempDir();
  std::filesystem::create_directories(dir + "/variables");
  WriteStringToFile(dir + "/saved_model.pb", "");
  WriteStringToFile(dir + "/variables/variables.index", "x");
  EXPECT_EQ(*ResolveCheckpointPrefix(dir), dir + "/variables/variables");
}

TEST(CheckpointPathTest, NothingThere) {
  EXPECT_ERROR_HAS(ResolveCheckpointPrefix("/nonexistent/model").status(),
                   "no checkpoint at '/nonexistent/model'");
}

TEST(CheckpointPathTest, RealDl4jStateFileFromAnotherMachine) {
  TFAOT_TFMODELS_OR_FAIL(models);
  auto p = ResolveCheckpointPrefix(models + "/dl4j_misc/simple_graph");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*p, models + "/dl4j_misc/simple_graph/data-all-1000");
}

}  // namespace
}  // namespace tfaot::checkpoint
