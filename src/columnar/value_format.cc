// Fast date and timestamp text: see value_format.h.
#include "columnar/value_format.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "columnar/temporal.h"
#include "common/clock.h"

namespace sluice::columnar {

namespace {

char* TwoDigits(int value, char* out) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out + 2;
}

// Years outside 0..9999 are rare; they take the allocating path for the exact same text.
char* CopyText(const std::string& text, char* out) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* DatePart(int64_t year, int month, int day, char* out) {
  int y = static_cast<int>(year);
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  TwoDigits(month, out + 5);
  out[7] = '-';
  TwoDigits(day, out + 8);
  return out + 10;
}

char* TimePart(const CivilTime& c, char* out) {
  out = TwoDigits(c.hour, out);
  *out++ = ':';
  out = TwoDigits(c.minute, out);
  *out++ = ':';
  return TwoDigits(c.second, out);
}

char* SixDigits(int value, char* out) {
  for (int i = 5; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + 6;
}

}  // namespace

char* FormatDateTo(int32_t days, char* out) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 0 || year > 9999) return CopyText(FormatDate(days), out);
  return DatePart(year, static_cast<int>(month), static_cast<int>(day), out);
}

char* FormatTimestampTo(int64_t micros, bool with_time_zone, char* out) {
  CivilTime c = ToCivil(micros);
  if (c.year < 0 || c.year > 9999) return CopyText(FormatTimestamp(micros, with_time_zone), out);
  out = DatePart(c.year, c.month, c.day, out);
  *out++ = ' ';
  out = TimePart(c, out);
  if (c.microsecond != 0) {
    *out++ = '.';
    char* end = SixDigits(c.microsecond, out);
    while (end[-1] == '0') --end;
    out = end;
  }
  if (with_time_zone) *out++ = 'Z';
  return out;
}

char* FormatTimestampIsoTo(int64_t micros, char* out) {
  CivilTime c = ToCivil(micros);
  if (c.year < 0 || c.year > 9999) return CopyText(FormatTimestampIso(micros), out);
  out = DatePart(c.year, c.month, c.day, out);
  *out++ = 'T';
  out = TimePart(c, out);
  *out++ = '.';
  out = SixDigits(c.microsecond, out);
  *out++ = 'Z';
  return out;
}

namespace {
template <typename T>
char* FloatingText(T value, char* out) {
  char* end = std::to_chars(out, out + 32, value).ptr;
  if (std::isfinite(value)) {
    bool integral = true;
    for (char* p = out; p < end; ++p) {
      if (*p == '.' || *p == 'e') integral = false;
    }
    if (integral) {
      *end++ = '.';
      *end++ = '0';
    }
  }
  return end;
}
}  // namespace

char* FormatFloatingTo(double value, char* out) { return FloatingText(value, out); }
char* FormatFloatingTo(float value, char* out) { return FloatingText(value, out); }

}  // namespace sluice::columnar
