// Fast date and timestamp formatting matches temporal.h's text for every value tried.
#include "columnar/value_format.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

#include "columnar/temporal.h"

namespace sluice::columnar {
namespace {

TEST(ValueFormatTest, MatchesTemporalText) {
  std::mt19937_64 random(5);
  char buffer[kMaxTemporalTextBytes];
  std::vector<int64_t> micros = {0, 1, -1, 86400000000LL - 1, 253402300799999999LL, -62167219200000000LL,
                                 253402300800000000LL, -62167219200000001LL, 1706704496123000LL};
  for (int i = 0; i < 20000; ++i) micros.push_back(static_cast<int64_t>(random() % 600000000000000000ULL) - 300000000000000000LL);
  for (int64_t value : micros) {
    EXPECT_EQ(std::string(buffer, FormatTimestampTo(value, false, buffer)), FormatTimestamp(value, false));
    EXPECT_EQ(std::string(buffer, FormatTimestampTo(value, true, buffer)), FormatTimestamp(value, true));
    EXPECT_EQ(std::string(buffer, FormatTimestampIsoTo(value, buffer)), FormatTimestampIso(value));
    int32_t days = static_cast<int32_t>(value / 86400000000LL);
    EXPECT_EQ(std::string(buffer, FormatDateTo(days, buffer)), FormatDate(days));
  }
}

TEST(ValueFormatTest, FloatingPointKeepsItsType) {
  char buffer[kMaxTemporalTextBytes];
  auto text = [&](double v) { return std::string(buffer, FormatFloatingTo(v, buffer)); };
  EXPECT_EQ(text(0.0), "0.0");
  EXPECT_EQ(text(-3.0), "-3.0");
  EXPECT_EQ(text(0.1), "0.1");
  EXPECT_EQ(text(1e300), "1e+300");
  EXPECT_EQ(text(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(std::string(buffer, FormatFloatingTo(2.5f, buffer)), "2.5");
  EXPECT_EQ(std::string(buffer, FormatFloatingTo(16777216.0f, buffer)), "16777216.0");
}

}  // namespace
}  // namespace sluice::columnar
