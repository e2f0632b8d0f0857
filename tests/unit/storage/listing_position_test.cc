// Tests for storage/listing_position: prefix successors and listing start positions.
#include "storage/listing_position.h"

#include <gtest/gtest.h>

namespace sluice::storage {
namespace {

TEST(PrefixSuccessor, IncrementsTheLastByteWithCarry) {
  EXPECT_EQ(PrefixSuccessor("a/"), "a0");
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff\xff", 3)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff", 1)), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

TEST(FirstListingPosition, StartsAtThePrefixWhenStartAfterIsBeforeIt) {
  ListingStart start = FirstListingPosition("photos/", "/", "");
  EXPECT_EQ(start.position, "photos/");
  EXPECT_TRUE(start.inclusive);
  start = FirstListingPosition("photos/", "/", "apple");
  EXPECT_EQ(start.position, "photos/");
  EXPECT_TRUE(start.inclusive);
}

TEST(FirstListingPosition, StartsAfterAKey) {
  ListingStart start = FirstListingPosition("p/", "/", "p/b");
  EXPECT_EQ(start.position, "p/b");
  EXPECT_FALSE(start.inclusive);
  EXPECT_FALSE(start.exhausted);
}

TEST(FirstListingPosition, SkipsTheCommonPrefixAStartAfterRollsUpInto) {
  ListingStart start = FirstListingPosition("", "/", "2024/");
  EXPECT_EQ(start.position, "20240");
  EXPECT_TRUE(start.inclusive);
  start = FirstListingPosition("", "/", "2024/01/x");
  EXPECT_EQ(start.position, "20240");
}

TEST(FirstListingPosition, ExhaustedPastThePrefix) {
  EXPECT_TRUE(FirstListingPosition("a/", "", "b").exhausted);
  EXPECT_FALSE(FirstListingPosition("a/", "", "a/z").exhausted);
}

}  // namespace
}  // namespace sluice::storage
