// Wall-clock time and the timestamp text formats of the AWS protocols.
//
// Times are int64 microseconds since the Unix epoch (UTC) unless a name says otherwise.
// Thread safety: pure functions; Clock implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

// Source of the current time, so that tests and virtual clocks can stand in for the system.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock microseconds since the epoch.
  virtual int64_t NowMicros() const = 0;
};

// The operating system's clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
  // A process-wide instance.
  static const SystemClock& Get();
};

// Shorthands for the system clock.
int64_t NowMicros();
// Monotonic microseconds (not related to the epoch), for measuring durations.
int64_t MonotonicMicros();

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// "20240131T235959Z" (SigV4 X-Amz-Date) and its parser.
std::string FormatAmzDate(int64_t micros);
std::optional<int64_t> ParseAmzDate(std::string_view text);
// "2024-01-31T23:59:59.000Z" (S3 XML, ASL timestamps). Millisecond precision.
std::string FormatIso8601(int64_t micros);
// Accepts "YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)"; lowercase t/z too.
std::optional<int64_t> ParseIso8601(std::string_view text);
// "Wed, 31 Jan 2024 23:59:59 GMT" (HTTP Date, Last-Modified).
std::string FormatHttpDate(int64_t micros);
// RFC 1123, RFC 850 and asctime forms, as HTTP/1.1 requires.
std::optional<int64_t> ParseHttpDate(std::string_view text);

}  // namespace sluice
