// Decimal and temporal values: parsing and formatting at the edges.
#include <gtest/gtest.h>

#include "columnar/decimal.h"
#include "columnar/temporal.h"

namespace sluice::columnar {
namespace {

TEST(DecimalTest, ParsesAndFormats) {
  EXPECT_EQ(DecimalToString(*ParseDecimal("123.45", 10, 2), 2), "123.45");
  EXPECT_EQ(DecimalToString(*ParseDecimal("-0.5", 10, 2), 2), "-0.50");
  EXPECT_EQ(DecimalToString(*ParseDecimal(".05", 10, 2), 2), "0.05");
  EXPECT_EQ(DecimalToString(*ParseDecimal("7", 10, 0), 0), "7");
  EXPECT_EQ(DecimalToString(*ParseDecimal("1.005", 10, 2), 2), "1.01");    // half away from zero
  EXPECT_EQ(DecimalToString(*ParseDecimal("-1.005", 10, 2), 2), "-1.01");
  EXPECT_EQ(DecimalToString(*ParseDecimal("1.0049", 10, 2), 2), "1.00");
  std::string max38(38, '9');
  EXPECT_EQ(DecimalToString(*ParseDecimal(max38, 38, 0), 0), max38);
  EXPECT_EQ(DecimalToString(*ParseDecimal("-" + max38, 38, 0), 0), "-" + max38);
}

TEST(DecimalTest, RejectsBadText) {
  EXPECT_FALSE(ParseDecimal("", 10, 2).ok());
  EXPECT_FALSE(ParseDecimal("1.2.3", 10, 2).ok());
  EXPECT_FALSE(ParseDecimal("1e3", 10, 2).ok());
  EXPECT_FALSE(ParseDecimal("12345", 4, 0).ok());                // does not fit precision
  EXPECT_FALSE(ParseDecimal(std::string(39, '9'), 38, 0).ok());  // more than 38 digits
}

TEST(TemporalTest, DatesRoundTrip) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(*ParseDate("2024-02-29"), 19782);
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseDate("2024-1-01"));
  for (int32_t days : {-719162, -1, 0, 19782, 2932896}) EXPECT_EQ(*ParseDate(FormatDate(days)), days);
}

TEST(TemporalTest, TimestampsParseZonesAndFractions) {
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseTimestamp("1970-01-01 00:00:01.5"), 1500000);
  EXPECT_EQ(*ParseTimestamp("1970-01-01T02:00:00+02:00"), 0);
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00-0130"), 5400000000LL);
  EXPECT_EQ(*ParseTimestamp("2024-01-31"), int64_t{19753} * 86400000000LL);
  EXPECT_EQ(FormatTimestamp(1500000), "1970-01-01 00:00:01.5");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestampIso(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_FALSE(ParseTimestamp("2024-01-31T25:00:00"));
  EXPECT_FALSE(ParseTimestamp("2024-01-31T10:00:00 UTC"));
}

}  // namespace
}  // namespace sluice::columnar
