// Test helpers: locating the shared TensorFlow corpus and scratch files.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_TEST_UTIL_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint::testing {

// $TFAOT_TFMODELS (tools/test.sh passes it with --test_env) when it names an
// existing directory, else "".
std::string TfModelsDir();

// A fresh empty directory under $TEST_TMPDIR.
std::string NewTempDir();

void WriteStringToFile(const std::string& path, const std::string& contents);

// Parses a binary GraphDef; fails the test on error.
tensorflow::GraphDef ReadGraphDef(const std::string& path);

// Float values of a TensorProto (tensor_content or float_val, with
// float_val's last value repeated to fill the shape).
std::vector<float> FloatValues(const tensorflow::TensorProto& t);

// Float values of Const node `name`; fails the test if it is not one.
std::vector<float> ConstFloats(const tensorflow::GraphDef& g,
                               const std::string& name);

const tensorflow::NodeDef* FindNode(const tensorflow::GraphDef& g,
                                    const std::string& name);

}  // namespace tfaot::checkpoint::testing

// Binds `var` to the corpus directory, or fails the test saying why (tests
// using it are tagged requires-tfmodels; tools/test.sh skips those, and
// counts them as skipped, when the corpus is absent).
#define TFAOT_TFMODELS_OR_FAIL(var)                                        \
  const std::string var = ::tfaot::checkpoint::testing::TfModelsDir();    \
  if (var.empty()) {                                                       \
    GTEST_FAIL() << "TFAOT_TFMODELS is unset or not a directory (a missing " \
                    "corpus is never a pass); run via "                    \
                    "tools/test.sh or pass "                               \
                    "--test_env=TFAOT_TFMODELS=/abs/path/to/tfmodels";     \
  }

// Expects `status` (an absl::Status) to be an error whose message contains
// `text`; prints the whole message otherwise.
#define EXPECT_ERROR_HAS(status, text)                                \
  EXPECT_TRUE(!(status).ok() &&                                       \
              absl::StrContains((status).message(), (text)))         \
      << "expected an error containing \"" << (text) << "\", got: " \
      << (status)

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_TEST_UTIL_H_
