// Parsers for values written as text (CSV fields, JSON strings): booleans, integers, plain
// decimals, floating point, dates and timestamps in the layouts type inference recognises.
// Inference and conversion call the same functions, so a column inferred as a type always
// converts. Hot paths (the CSV converter) call them once per value: they are inline, never
// allocate, and accept exactly the forms documented in docs/formats/type-inference.md.
//
// Thread safety: pure functions.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

#include "columnar/decimal.h"
#include "common/clock.h"

namespace sluice::formats::inference {

// "true"/"false", any letter case.
inline bool ParseBooleanText(std::string_view text, bool* out) {
  auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  if (text.size() == 4 && lower(text[0]) == 't' && lower(text[1]) == 'r' && lower(text[2]) == 'u' &&
      lower(text[3]) == 'e') {
    *out = true;
    return true;
  }
  if (text.size() == 5 && lower(text[0]) == 'f' && lower(text[1]) == 'a' && lower(text[2]) == 'l' &&
      lower(text[3]) == 's' && lower(text[4]) == 'e') {
    *out = false;
    return true;
  }
  return false;
}

// An optional sign and 1 or more ASCII digits that fit int64.
inline bool ParseInt64Text(std::string_view text, int64_t* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    if (++p == end) return false;
  }
  uint64_t value = 0;
  if (end - p <= 18) {
    for (; p < end; ++p) {
      unsigned digit = static_cast<unsigned>(*p) - '0';
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
  } else {
    for (; p < end; ++p) {
      unsigned digit = static_cast<unsigned>(*p) - '0';
      if (digit > 9) return false;
      if (__builtin_mul_overflow(value, uint64_t{10}, &value) || __builtin_add_overflow(value, digit, &value)) {
        return false;
      }
    }
    if (value > (negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return false;
  }
  *out = negative ? static_cast<int64_t>(uint64_t{0} - value) : static_cast<int64_t>(value);
  return true;
}

// The shape of plain decimal text: [sign] digits [. digits], or [sign] . digits.
struct DecimalShape {
  int integer_digits = 0;  // significant digits before the point (leading zeros excluded)
  int scale = 0;           // digits after the point
};
inline bool ParseDecimalShape(std::string_view text, DecimalShape* out) {
  size_t i = 0, n = text.size();
  if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
  size_t digits_start = i;
  while (i < n && text[i] == '0') ++i;
  size_t significant_start = i;
  while (i < n && static_cast<unsigned>(text[i] - '0') <= 9) ++i;
  int integer_digits = static_cast<int>(i - significant_start);
  bool any_digit = i > digits_start;
  int scale = 0;
  if (i < n && text[i] == '.') {
    size_t fraction_start = ++i;
    while (i < n && static_cast<unsigned>(text[i] - '0') <= 9) ++i;
    scale = static_cast<int>(i - fraction_start);
    any_digit = any_digit || scale > 0;
  }
  if (i != n || !any_digit || integer_digits + scale > 38) return false;
  out->integer_digits = integer_digits;
  out->scale = scale;
  return true;
}

// Floating point: decimal or exponent notation with an optional sign, "inf"/"infinity"/"nan"
// in any case. The whole text must be the number. Correctly rounded: plain decimals of up to
// 15 significant digits are an exact integer divided by an exact power of ten (one IEEE
// division, so one rounding); everything else goes to std::from_chars.
inline bool ParseDoubleText(std::string_view text, double* out) {
  static constexpr double kPowers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) negative = *p++ == '-';
  {
    const char* q = p;
    uint64_t mantissa = 0;
    int digits = 0, fraction = 0;
    while (q != end && static_cast<unsigned>(*q - '0') <= 9) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*q - '0');
      digits += mantissa != 0;
      ++q;
    }
    bool any = q != p;
    if (q != end && *q == '.') {
      const char* f = ++q;
      while (q != end && static_cast<unsigned>(*q - '0') <= 9) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*q - '0');
        digits += mantissa != 0;
        ++q;
      }
      fraction = static_cast<int>(q - f);
      any = any || fraction > 0;
    }
    if (q == end && any && digits <= 15 && fraction <= 22) {
      double value = static_cast<double>(mantissa) / kPowers[fraction];
      *out = negative ? -value : value;
      return true;
    }
  }
  if (text.empty()) return false;
  p = text.data();
  if (*p == '+') ++p;
  if (p == end || *p == ' ' || *p == '+' || (*p == '-' && p != text.data())) return false;
  auto [next, error] = std::from_chars(p, end, *out, std::chars_format::general);
  return error == std::errc() && next == end;
}

// Date layouts recognised in text. Never renumber: masks of them are kept per column.
enum class DateLayout : uint8_t {
  kIso = 0,       // 2024-01-31
  kSlashYmd = 1,  // 2024/01/31
  kUs = 2,        // 01/31/2024 or 1/31/2024
  kEuropean = 3,  // 31/01/2024 or 31/1/2024
  kDotted = 4,    // 31.01.2024
};
inline constexpr int kDateLayoutCount = 5;
// "yyyy-MM-dd", "yyyy/MM/dd", "MM/dd/yyyy", "dd/MM/yyyy", "dd.MM.yyyy".
std::string_view DateLayoutPattern(DateLayout layout);

namespace detail {
inline bool TakeDigits(std::string_view text, size_t* pos, int min_digits, int max_digits, int* out) {
  int value = 0, count = 0;
  size_t i = *pos;
  while (i < text.size() && count < max_digits && static_cast<unsigned>(text[i] - '0') <= 9) {
    value = value * 10 + (text[i] - '0');
    ++i;
    ++count;
  }
  if (count < min_digits) return false;
  *pos = i;
  *out = value;
  return true;
}
inline bool Take(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}
inline bool ValidCivilDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}
}  // namespace detail

// Parses the date at the start of `text` in `layout`; sets *end to the first byte after it.
inline bool ParseDatePrefix(std::string_view text, DateLayout layout, int32_t* days, size_t* end) {
  using detail::Take;
  using detail::TakeDigits;
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  switch (layout) {
    case DateLayout::kIso:
    case DateLayout::kSlashYmd: {
      char separator = layout == DateLayout::kIso ? '-' : '/';
      if (!TakeDigits(text, &pos, 4, 4, &year) || !Take(text, &pos, separator) ||
          !TakeDigits(text, &pos, 2, 2, &month) || !Take(text, &pos, separator) || !TakeDigits(text, &pos, 2, 2, &day)) {
        return false;
      }
      break;
    }
    case DateLayout::kUs:
      if (!TakeDigits(text, &pos, 1, 2, &month) || !Take(text, &pos, '/') || !TakeDigits(text, &pos, 1, 2, &day) ||
          !Take(text, &pos, '/') || !TakeDigits(text, &pos, 4, 4, &year)) {
        return false;
      }
      break;
    case DateLayout::kEuropean:
    case DateLayout::kDotted: {
      char separator = layout == DateLayout::kEuropean ? '/' : '.';
      if (!TakeDigits(text, &pos, 1, 2, &day) || !Take(text, &pos, separator) || !TakeDigits(text, &pos, 1, 2, &month) ||
          !Take(text, &pos, separator) || !TakeDigits(text, &pos, 4, 4, &year)) {
        return false;
      }
      break;
    }
  }
  if (!detail::ValidCivilDate(year, month, day)) return false;
  *days = static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
  *end = pos;
  return true;
}

// A whole date in `layout`.
inline bool ParseDateText(std::string_view text, DateLayout layout, int32_t* days) {
  size_t end = 0;
  return ParseDatePrefix(text, layout, days, &end) && end == text.size();
}

// A timestamp: a date in `layout`, then optionally ' ' or 'T' and HH:MM[:SS[.fraction]]
// (fractions past microseconds are truncated), then optionally a zone: "Z", "UTC",
// "+HH", "+HH:MM" or "+HHMM" (one space may precede it). The result is microseconds since
// the epoch in UTC; *has_zone says whether the text named a zone (without one the wall time
// is taken as UTC).
bool ParseTimestampText(std::string_view text, DateLayout layout, int64_t* micros, bool* has_zone);

}  // namespace sluice::formats::inference
