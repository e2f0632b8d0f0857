// Clocks and timestamp formats: see clock.h.
#include "common/clock.h"

#include <chrono>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace sluice {

namespace {

constexpr const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // day 0 was a Thursday
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second;
  int64_t micros;  // fraction of the second
};

Civil ToCivil(int64_t micros) {
  int64_t seconds = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
  int64_t fraction = micros - seconds * 1000000;
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t rest = seconds - days * 86400;
  Civil c;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.hour = static_cast<unsigned>(rest / 3600);
  c.minute = static_cast<unsigned>(rest % 3600 / 60);
  c.second = static_cast<unsigned>(rest % 60);
  c.micros = fraction;
  return c;
}

bool ParseDigits(std::string_view text, size_t pos, size_t count, int64_t* out) {
  if (pos + count > text.size()) return false;
  int64_t value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

std::optional<int64_t> FromCivil(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                                 int64_t second) {
  static constexpr unsigned kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1] || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  if (second == 60) second = 59;  // leap seconds collapse onto the last second
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return (days * 86400 + hour * 3600 + minute * 60 + second) * 1000000;
}

int MonthIndex(std::string_view name) {
  for (int i = 0; i < 12; ++i) {
    if (name == kMonths[i]) return i + 1;
  }
  return -1;
}

}  // namespace

int64_t SystemClock::NowMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

int64_t NowMicros() { return SystemClock::Get().NowMicros(); }

int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = m;
  *day = d;
}

std::string FormatAmzDate(int64_t micros) {
  Civil c = ToCivil(micros);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::optional<int64_t> ParseAmzDate(std::string_view t) {
  int64_t y, mo, d, h, mi, s;
  if (t.size() != 16 || t[8] != 'T' || t[15] != 'Z') return std::nullopt;
  if (!ParseDigits(t, 0, 4, &y) || !ParseDigits(t, 4, 2, &mo) || !ParseDigits(t, 6, 2, &d) ||
      !ParseDigits(t, 9, 2, &h) || !ParseDigits(t, 11, 2, &mi) || !ParseDigits(t, 13, 2, &s)) {
    return std::nullopt;
  }
  return FromCivil(y, mo, d, h, mi, s);
}

std::string FormatIso8601(int64_t micros) {
  Civil c = ToCivil(micros);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.year, c.month, c.day, c.hour, c.minute,
                     c.second, c.micros / 1000);
}

std::optional<int64_t> ParseIso8601(std::string_view t) {
  int64_t y, mo, d, h, mi, s;
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't') || t[13] != ':' ||
      t[16] != ':') {
    return std::nullopt;
  }
  if (!ParseDigits(t, 0, 4, &y) || !ParseDigits(t, 5, 2, &mo) || !ParseDigits(t, 8, 2, &d) ||
      !ParseDigits(t, 11, 2, &h) || !ParseDigits(t, 14, 2, &mi) || !ParseDigits(t, 17, 2, &s)) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t fraction_micros = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100000;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (digits < 6) fraction_micros += (t[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos == t.size()) return std::nullopt;  // a zone is required
  if (t[pos] == 'Z' || t[pos] == 'z') {
    ++pos;
  } else if (t[pos] == '+' || t[pos] == '-') {
    int64_t oh, om;
    int sign = t[pos] == '-' ? -1 : 1;
    if (!ParseDigits(t, pos + 1, 2, &oh)) return std::nullopt;
    size_t minute_pos = pos + 3;
    if (minute_pos < t.size() && t[minute_pos] == ':') ++minute_pos;
    if (!ParseDigits(t, minute_pos, 2, &om)) return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60);
    pos = minute_pos + 2;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  auto base = FromCivil(y, mo, d, h, mi, s);
  if (!base) return std::nullopt;
  return *base + fraction_micros - offset_seconds * 1000000;
}

std::string FormatHttpDate(int64_t micros) {
  Civil c = ToCivil(micros);
  int64_t seconds = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int weekday = static_cast<int>(((days % 7) + 7) % 7);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kWeekdays[weekday], c.day, kMonths[c.month - 1],
                     c.year, c.hour, c.minute, c.second);
}

std::optional<int64_t> ParseHttpDate(std::string_view t) {
  char weekday[16] = {0}, month[4] = {0}, zone[4] = {0};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  std::string text(t);
  // RFC 1123: "Sun, 06 Nov 1994 08:49:37 GMT"
  if (std::sscanf(text.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d %3s", weekday, &day, month, &year, &hour, &minute,
                  &second, zone) == 8 &&
      std::strcmp(zone, "GMT") == 0) {
    int m = MonthIndex(month);
    if (m < 0) return std::nullopt;
    return FromCivil(year, m, day, hour, minute, second);
  }
  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
  if (std::sscanf(text.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s", weekday, &day, month, &year, &hour,
                  &minute, &second, zone) == 8 &&
      std::strcmp(zone, "GMT") == 0) {
    int m = MonthIndex(month);
    if (m < 0) return std::nullopt;
    year += year < 70 ? 2000 : 1900;
    return FromCivil(year, m, day, hour, minute, second);
  }
  // asctime: "Sun Nov  6 08:49:37 1994"
  if (std::sscanf(text.c_str(), "%3s %3s %d %2d:%2d:%2d %4d", weekday, month, &day, &hour, &minute, &second,
                  &year) == 7) {
    int m = MonthIndex(month);
    if (m < 0) return std::nullopt;
    return FromCivil(year, m, day, hour, minute, second);
  }
  return std::nullopt;
}

}  // namespace sluice
