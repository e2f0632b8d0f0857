// Spark / Java datetime patterns ("yyyy-MM-dd HH:mm:ss.SSS", "dd/MMM/yyyy", "EEEE"), compiled
// once and used to format timestamps as text and to parse text into timestamps. Times are UTC
// (Sluice's session time zone); zone letters print UTC ("Z", "+0000", "UTC") and parse an offset.
//
// Letters: G era, y year (yy: two digits, 2000-2099 when parsing), M/L month (M, MM, MMM
// "Jan", MMMM "January"), d day of month, D day of year, Q/q quarter, E day of week ("Mon",
// EEEE "Monday"), a AM/PM, H 0-23, k 1-24, K 0-11, h 1-12, m minute, s second, S fraction
// (up to 9 digits; microseconds kept), X/x/Z/z/O/V zone. Text in single quotes is literal
// ('' is a quote); other non-letters are literal. Anything else is an error when compiling.
//
// Thread safety: immutable after Compile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sluice::engine {

class DateTimePattern {
 public:
  // InvalidArgument naming the unsupported letter or the unterminated quote.
  static Result<DateTimePattern> Compile(std::string_view pattern);
  // Appends the timestamp (microseconds since the epoch, UTC) formatted by the pattern.
  void Format(int64_t micros, std::string& out) const;
  // The timestamp the whole text denotes, or nullopt when it does not match the pattern.
  std::optional<int64_t> Parse(std::string_view text) const;

 private:
  struct Part {
    char letter = 0;  // 0 for literal text
    int count = 0;
    std::string literal;
  };
  std::vector<Part> parts_;
};

}  // namespace sluice::engine
