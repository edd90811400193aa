#include "compiler/import/checkpoint/crc32c.h"

#include <string>

#include "gtest/gtest.h"

namespace tfaot::checkpoint {
namespace {

// Check values from RFC 3720 (iSCSI), appendix B.4, and the common
// "123456789" check value of CRC-32C.
TEST(Crc32cTest, KnownAnswers) {
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8a9136aau);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62a8ab43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  EXPECT_EQ(Crc32c(ascending), 0x46dd794eu);
}

TEST(Crc32cTest, ExtendEqualsWhole) {
  std::string s = "hello, tensor bundle";
  uint32_t part = Crc32cExtend(0, s.data(), 5);
  EXPECT_EQ(Crc32cExtend(part, s.data() + 5, s.size() - 5), Crc32c(s));
}

TEST(Crc32cTest, MaskRoundTripsAndDiffers) {
  uint32_t c = Crc32c("foo");
  EXPECT_NE(MaskCrc(c), c);
  EXPECT_EQ(UnmaskCrc(MaskCrc(c)), c);
}

}  // namespace
}  // namespace tfaot::checkpoint
