#include "compiler/import/model_files.h"

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace tfaot::import {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::string Write(const std::string& name, const std::string& contents) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

const char* kText = R"pb(
  # A comment, as testdata files carry CHECK lines.
  node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
  node { name: "y" op: "Neg" input: "x" }
  versions { producer: 27 }
)pb";

TEST(ModelFilesTest, ReadsTextGraphDef) {
  auto g = ReadGraphDef(Write("g.pbtxt", kText));
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_EQ(g->node_size(), 2);
  EXPECT_EQ(g->node(1).input(0), "x");
  EXPECT_EQ(g->versions().producer(), 27);
}

TEST(ModelFilesTest, ReadsBinaryGraphDefAndBothAgree) {
  auto text = ReadGraphDef(Write("g2.pbtxt", kText));
  ASSERT_TRUE(text.ok());
  auto binary = ReadGraphDef(Write("g2.pb", text->SerializeAsString()));
  ASSERT_TRUE(binary.ok()) << binary.status();
  EXPECT_EQ(binary->SerializeAsString(), text->SerializeAsString());
}

TEST(ModelFilesTest, MissingFileIsNotFound) {
  auto g = ReadGraphDef(TempPath("does_not_exist.pb"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(g.status().message().find("does_not_exist.pb: cannot open"), std::string::npos);
}

TEST(ModelFilesTest, GarbageBytesAreInvalid) {
  auto g = ReadGraphDef(Write("garbage.pb", std::string("\xff\xff\xff\x00\x01\x7f garbage", 14)));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(g.status().message().find("not a valid binary GraphDef"), std::string::npos)
      << g.status();
}

TEST(ModelFilesTest, BadTextSaysWhereAndWhat) {
  auto g = ReadGraphDef(Write("bad.pbtxt", "node {\n  name: \"x\"\n  opp: \"Neg\"\n}\n"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(g.status().message().find("not a valid text GraphDef: line 3:"), std::string::npos)
      << g.status();
  EXPECT_NE(g.status().message().find("opp"), std::string::npos) << g.status();
}

TEST(ModelFilesTest, EmptyFileIsInvalid) {
  auto g = ReadGraphDef(Write("empty.pb", ""));
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("is empty"), std::string::npos);
}

TEST(ModelFilesTest, ReadsTextConfig) {
  auto c = ReadConfig(Write("c.pbtxt", "feed { id { node_name: \"x\" } shape { } }\n"
                                       "fetch { id { node_name: \"y\" } name: \"out\" }\n"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->feed_size(), 1);
  EXPECT_EQ(c->fetch(0).name(), "out");
}

}  // namespace
}  // namespace tfaot::import
