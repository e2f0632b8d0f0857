// Tests for s3/byte_range: S3's reading of the Range header.
#include "s3/byte_range.h"

#include <gtest/gtest.h>

namespace sluice::s3 {
namespace {

std::string Describe(std::string_view header, uint64_t size) {
  auto range = ResolveRange(header, size);
  if (!range.ok()) return range.status().aws_code();
  if (!*range) return "whole";
  return std::to_string((*range)->first) + "-" + std::to_string((*range)->last);
}

TEST(ByteRange, SatisfiableRanges) {
  EXPECT_EQ(Describe("bytes=0-9", 100), "0-9");
  EXPECT_EQ(Describe("bytes=90-", 100), "90-99");
  EXPECT_EQ(Describe("bytes=-5", 100), "95-99");
  EXPECT_EQ(Describe("bytes=50-1000", 100), "50-99");
  EXPECT_EQ(Describe("bytes=-1000", 100), "0-99");
  EXPECT_EQ(Describe("bytes=99-99", 100), "99-99");
}

TEST(ByteRange, UnsatisfiableRangesAreInvalidRange) {
  EXPECT_EQ(Describe("bytes=100-", 100), "InvalidRange");
  EXPECT_EQ(Describe("bytes=100-200", 100), "InvalidRange");
  EXPECT_EQ(Describe("bytes=-0", 100), "InvalidRange");
  EXPECT_EQ(Describe("bytes=0-0", 0), "InvalidRange");
  EXPECT_EQ(Describe("bytes=-5", 0), "InvalidRange");
}

TEST(ByteRange, MalformedOrMultipleRangesAreIgnored) {
  for (const char* header : {"bytes=5-2", "bytes=1-2,4-5", "items=0-1", "bytes=a-b", "bytes=", "bytes=-",
                             "bytes=99999999999999999999-"}) {
    EXPECT_EQ(Describe(header, 100), "whole") << header;
  }
}

TEST(ByteRange, ExactRangesForCopySources) {
  auto range = ParseExactRange("bytes=10-19");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->length(), 10u);
  EXPECT_FALSE(ParseExactRange("bytes=10-").has_value());
  EXPECT_FALSE(ParseExactRange("bytes=-10").has_value());
  EXPECT_FALSE(ParseExactRange("bytes=5-4").has_value());
}

}  // namespace
}  // namespace sluice::s3
