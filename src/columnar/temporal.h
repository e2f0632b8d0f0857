// Dates and timestamps as columns hold them (int32 days and int64 microseconds since
// 1970-01-01 UTC), and their text forms.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::columnar {

// "2024-01-31" (years outside 0..9999 get a sign and more digits).
std::string FormatDate(int32_t days);
// "2024-01-31 12:34:56", with ".123456" (trailing zeros trimmed) when there is a fraction;
// timestamps with time zone end in "Z".
std::string FormatTimestamp(int64_t micros, bool with_time_zone = false);
// ISO form "2024-01-31T12:34:56.123456Z", for JSON.
std::string FormatTimestampIso(int64_t micros);

// Strict "YYYY-MM-DD".
std::optional<int32_t> ParseDate(std::string_view text);
// "YYYY-MM-DD", then optionally ('T' or ' ') "HH:MM[:SS[.fraction]]" and a zone "Z", "+HH",
// "+HH:MM" or "+HHMM" (converted to UTC). A bare date is midnight.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// Calendar parts of a day count / timestamp.
struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second, microsecond;
};
CivilTime ToCivil(int64_t micros);
int64_t FromCivil(const CivilTime& civil);

}  // namespace sluice::columnar
