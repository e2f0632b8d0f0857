// Dates and timestamps: see temporal.h.
#include "columnar/temporal.h"

#include <fmt/format.h>

#include "common/clock.h"

namespace sluice::columnar {

namespace {

bool Digits(std::string_view text, size_t pos, size_t count, int64_t* out) {
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

bool ValidDate(int64_t year, int64_t month, int64_t day) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

CivilTime ToCivil(int64_t micros) {
  int64_t days = FloorDiv(micros, 86400000000LL);
  int64_t rest = micros - days * 86400000000LL;
  CivilTime c;
  unsigned month, day;
  CivilFromDays(days, &c.year, &month, &day);
  c.month = static_cast<int>(month);
  c.day = static_cast<int>(day);
  c.hour = static_cast<int>(rest / 3600000000LL);
  c.minute = static_cast<int>(rest / 60000000LL % 60);
  c.second = static_cast<int>(rest / 1000000 % 60);
  c.microsecond = static_cast<int>(rest % 1000000);
  return c;
}

int64_t FromCivil(const CivilTime& c) {
  int64_t days = DaysFromCivil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
  return ((days * 24 + c.hour) * 60 + c.minute) * 60000000LL + int64_t{c.second} * 1000000 + c.microsecond;
}

std::string FormatDate(int32_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year >= 0 && year <= 9999) return fmt::format("{:04}-{:02}-{:02}", year, month, day);
  return fmt::format("{:+05}-{:02}-{:02}", year, month, day);
}

std::string FormatTimestamp(int64_t micros, bool with_time_zone) {
  CivilTime c = ToCivil(micros);
  std::string out = c.year >= 0 && c.year <= 9999
                        ? fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute,
                                      c.second)
                        : fmt::format("{:+05}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour,
                                      c.minute, c.second);
  if (c.microsecond != 0) {
    std::string fraction = fmt::format("{:06}", c.microsecond);
    while (fraction.back() == '0') fraction.pop_back();
    out += '.';
    out += fraction;
  }
  if (with_time_zone) out += 'Z';
  return out;
}

std::string FormatTimestampIso(int64_t micros) {
  CivilTime c = ToCivil(micros);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", c.year, c.month, c.day, c.hour, c.minute,
                     c.second, c.microsecond);
}

std::optional<int32_t> ParseDate(std::string_view text) {
  int64_t y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!Digits(text, 0, 4, &y) || !Digits(text, 5, 2, &m) || !Digits(text, 8, 2, &d)) return std::nullopt;
  if (!ValidDate(y, m, d)) return std::nullopt;
  return static_cast<int32_t>(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  auto date = ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  int64_t micros = int64_t{*date} * 86400000000LL;
  if (text.size() == 10) return micros;
  if (text[10] != 'T' && text[10] != ' ' && text[10] != 't') return std::nullopt;
  int64_t hour, minute, second = 0;
  if (!Digits(text, 11, 2, &hour) || text.size() < 16 || text[13] != ':' || !Digits(text, 14, 2, &minute)) {
    return std::nullopt;
  }
  size_t pos = 16;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == ':') {
    if (!Digits(text, pos + 1, 2, &second)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      int64_t scale = 100000;
      size_t digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 6) fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int64_t offset_minutes = 0;
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int64_t oh, om = 0;
      if (!Digits(text, pos + 1, 2, &oh)) return std::nullopt;
      size_t next = pos + 3;
      if (next < text.size() && text[next] == ':') ++next;
      if (next < text.size()) {
        if (!Digits(text, next, 2, &om)) return std::nullopt;
        next += 2;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = (c == '-' ? -1 : 1) * (oh * 60 + om);
      pos = next;
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  micros += ((hour * 60 + minute) * 60 + second) * 1000000 + fraction;
  return micros - offset_minutes * 60000000;
}

}  // namespace sluice::columnar
