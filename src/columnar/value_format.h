// Fast text forms of dates and timestamps written straight into a caller's buffer, for writers
// that print millions of values (CSV, JSON lines): no allocation, same text as temporal.h's
// FormatDate / FormatTimestamp / FormatTimestampIso.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

namespace sluice::columnar {

// Room every formatter below needs.
inline constexpr int kMaxTemporalTextBytes = 48;

// "2024-01-31"; returns the end of what was written.
char* FormatDateTo(int32_t days, char* out);
// "2024-01-31 12:34:56" with ".123456" (trailing zeros trimmed) when there is a fraction, and
// "Z" when with_time_zone.
char* FormatTimestampTo(int64_t micros, bool with_time_zone, char* out);
// "2024-01-31T12:34:56.123456Z".
char* FormatTimestampIsoTo(int64_t micros, char* out);

}  // namespace sluice::columnar
