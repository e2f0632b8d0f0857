// Encodings used on the wire.
#include "common/encoding.h"

#include <gtest/gtest.h>

#include <vector>

namespace sluice {
namespace {

TEST(EncodingTest, HexRoundTrip) {
  EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(*HexDecode("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

TEST(EncodingTest, Base64RoundTripAndRejects) {
  for (std::string text : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x7f", 3)}) {
    EXPECT_EQ(*Base64Decode(Base64Encode(text)), text);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(Base64Decode("Zm9=YmFy"));
  EXPECT_FALSE(Base64Decode("Zm9"));
  EXPECT_FALSE(Base64Decode("Zm9v!mFy"));
}

TEST(EncodingTest, UriEncodingFollowsSigV4Rules) {
  EXPECT_EQ(UriEncode("a b+c/d~e", true), "a%20b%2Bc/d~e");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(UriEncode("é", false), "%C3%A9");
  EXPECT_EQ(*UriDecode("a%20b%2Bc"), "a b+c");
  EXPECT_EQ(*UriDecode("a+b", true), "a b");
  EXPECT_EQ(*UriDecode("a+b", false), "a+b");
  EXPECT_FALSE(UriDecode("%"));
  EXPECT_FALSE(UriDecode("%4"));
  EXPECT_FALSE(UriDecode("%zz"));
}

TEST(EncodingTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace sluice
