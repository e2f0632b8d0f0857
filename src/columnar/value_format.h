// Fast text forms of dates, timestamps and floating-point numbers written straight into a
// caller's buffer, for writers that print millions of values (CSV, JSON lines): no
// allocation; dates and timestamps in the same text as temporal.h's FormatDate /
// FormatTimestamp / FormatTimestampIso.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

namespace sluice::columnar {

// Room every formatter below needs (floating point needs 32).
inline constexpr int kMaxTemporalTextBytes = 48;

// "2024-01-31"; returns the end of what was written.
char* FormatDateTo(int32_t days, char* out);
// "2024-01-31 12:34:56" with ".123456" (trailing zeros trimmed) when there is a fraction, and
// "Z" when with_time_zone.
char* FormatTimestampTo(int64_t micros, bool with_time_zone, char* out);
// "2024-01-31T12:34:56.123456Z".
char* FormatTimestampIsoTo(int64_t micros, char* out);

// The shortest text that reads back as the same value ("0.1", "1e+300"), with ".0" added to
// integral values ("3.0") so that they still read as floating point; "inf", "-inf", "nan".
char* FormatFloatingTo(double value, char* out);
char* FormatFloatingTo(float value, char* out);

}  // namespace sluice::columnar
