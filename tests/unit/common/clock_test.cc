// Timestamp formats of the AWS protocols.
#include "common/clock.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ClockTest, AmzDate) {
  EXPECT_EQ(FormatAmzDate(0), "19700101T000000Z");
  auto t = ParseAmzDate("20130524T000000Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, int64_t{1369353600} * 1000000);
  EXPECT_EQ(FormatAmzDate(*t), "20130524T000000Z");
  EXPECT_FALSE(ParseAmzDate("20130524T000000"));
  EXPECT_FALSE(ParseAmzDate("20130231T000000Z"));
}

TEST(ClockTest, Iso8601WithZonesAndFractions) {
  EXPECT_EQ(FormatIso8601(1500), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(*ParseIso8601("1970-01-01T00:00:01.5Z"), 1500000);
  EXPECT_EQ(*ParseIso8601("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*ParseIso8601("1970-01-01T00:00:00-0030"), int64_t{1800} * 1000000);
  EXPECT_FALSE(ParseIso8601("1970-01-01T00:00:00"));  // zone required
  EXPECT_FALSE(ParseIso8601("1970-01-01 00:00:00Z"));
}

TEST(ClockTest, HttpDatesInAllThreeForms) {
  const int64_t expected = int64_t{784111777} * 1000000;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(*ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
  EXPECT_EQ(*ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
  EXPECT_EQ(*ParseHttpDate("Sun Nov  6 08:49:37 1994"), expected);
  EXPECT_EQ(FormatHttpDate(expected), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_FALSE(ParseHttpDate("yesterday"));
}

TEST(ClockTest, CivilDaysRoundTrip) {
  for (int64_t days : {-800000, -1, 0, 1, 19782, 2932896}) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    EXPECT_EQ(DaysFromCivil(y, m, d), days);
  }
}

}  // namespace
}  // namespace sluice
