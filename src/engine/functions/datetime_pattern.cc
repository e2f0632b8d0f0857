// Datetime patterns: see datetime_pattern.h.
#include "engine/functions/datetime_pattern.h"

#include <cstring>

#include <fmt/format.h>

#include "columnar/temporal.h"
#include "common/clock.h"

namespace sluice::engine {

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::string_view kLetters = "GyMLdDQqEaHkKhmsSXxZzOV";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

void AppendNumber(int64_t value, int width, std::string& out) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(static_cast<size_t>(width) - digits.size(), '0');
  out += digits;
}

// 0 = Monday
int DayOfWeek(int64_t days) {
  int64_t d = (days + 3) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(d < 0 ? d + 7 : d);
}

int DayOfYear(const columnar::CivilTime& c) {
  return static_cast<int>(DaysFromCivil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day)) -
                          DaysFromCivil(c.year, 1, 1)) + 1;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<DateTimePattern> DateTimePattern::Compile(std::string_view pattern) {
  DateTimePattern out;
  auto literal = [&](std::string_view text) {
    if (out.parts_.empty() || out.parts_.back().letter != 0) out.parts_.push_back({});
    out.parts_.back().literal += text;
  };
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        literal("'");
        i += 2;
        continue;
      }
      size_t end = pattern.find('\'', i + 1);
      // '' inside quoted text is a quote
      std::string text;
      size_t j = i + 1;
      while (true) {
        end = pattern.find('\'', j);
        if (end == std::string_view::npos) {
          return InvalidArgument(fmt::format("datetime pattern '{}' has an unterminated quote", pattern));
        }
        text.append(pattern.substr(j, end - j));
        if (end + 1 < pattern.size() && pattern[end + 1] == '\'') {
          text += '\'';
          j = end + 2;
          continue;
        }
        break;
      }
      literal(text);
      i = end + 1;
      continue;
    }
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter) {
      literal(std::string_view(&pattern[i], 1));
      ++i;
      continue;
    }
    if (kLetters.find(c) == std::string_view::npos) {
      return InvalidArgument(fmt::format("datetime pattern '{}': unsupported letter '{}'", pattern, c));
    }
    size_t j = i;
    while (j < pattern.size() && pattern[j] == c) ++j;
    int count = static_cast<int>(j - i);
    if (count > 9) return InvalidArgument(fmt::format("datetime pattern '{}': too many '{}'", pattern, c));
    out.parts_.push_back({c, count, {}});
    i = j;
  }
  return out;
}

void DateTimePattern::Format(int64_t micros, std::string& out) const {
  columnar::CivilTime c = columnar::ToCivil(micros);
  int64_t days = FloorDiv(micros, 86400000000LL);
  for (const Part& part : parts_) {
    const int n = part.count;
    switch (part.letter) {
      case 0: out += part.literal; break;
      case 'G': out += c.year > 0 ? "AD" : "BC"; break;
      case 'y':
        if (n == 2) AppendNumber(((c.year % 100) + 100) % 100, 2, out);
        else AppendNumber(c.year, n, out);
        break;
      case 'M':
      case 'L':
        if (n >= 4) out += kMonths[c.month - 1];
        else if (n == 3) out.append(kMonths[c.month - 1], 3);
        else AppendNumber(c.month, n, out);
        break;
      case 'd': AppendNumber(c.day, n, out); break;
      case 'D': AppendNumber(DayOfYear(c), n, out); break;
      case 'Q':
      case 'q': AppendNumber((c.month - 1) / 3 + 1, n, out); break;
      case 'E':
        if (n >= 4) out += kDays[DayOfWeek(days)];
        else out.append(kDays[DayOfWeek(days)], 3);
        break;
      case 'a': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'H': AppendNumber(c.hour, n, out); break;
      case 'k': AppendNumber(c.hour == 0 ? 24 : c.hour, n, out); break;
      case 'K': AppendNumber(c.hour % 12, n, out); break;
      case 'h': AppendNumber(c.hour % 12 == 0 ? 12 : c.hour % 12, n, out); break;
      case 'm': AppendNumber(c.minute, n, out); break;
      case 's': AppendNumber(c.second, n, out); break;
      case 'S': {
        std::string fraction = fmt::format("{:06}", c.microsecond);
        if (n <= 6) out += fraction.substr(0, static_cast<size_t>(n));
        else out += fraction + std::string(static_cast<size_t>(n - 6), '0');
        break;
      }
      case 'X': out += "Z"; break;
      case 'x': out += n == 1 ? "+00" : (n == 2 || n == 4 ? "+0000" : "+00:00"); break;
      case 'Z': out += n <= 3 ? "+0000" : (n == 4 ? "GMT" : "Z"); break;
      case 'z':
      case 'V': out += "UTC"; break;
      case 'O': out += "GMT"; break;
      default: break;
    }
  }
}

std::optional<int64_t> DateTimePattern::Parse(std::string_view text) const {
  int64_t year = 1970, month = 1, day = 1, day_of_year = -1, hour = 0, minute = 0, second = 0, micros = 0;
  int64_t offset_minutes = 0;
  int pm = -1, hour12 = -1;
  bool bc = false;
  size_t pos = 0;
  auto read_number = [&](int min_digits, int max_digits, int64_t* value) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < text.size() && static_cast<int>(pos - start) < max_digits && text[pos] >= '0' && text[pos] <= '9') {
      v = v * 10 + (text[pos] - '0');
      ++pos;
    }
    if (static_cast<int>(pos - start) < min_digits) return false;
    *value = v;
    return true;
  };
  auto read_name = [&](const char* const* names, int count, bool abbreviated, int64_t* index) {
    for (int k = 0; k < count; ++k) {
      std::string_view name = names[k];
      if (abbreviated) name = name.substr(0, 3);
      if (EqualsIgnoreCase(text.substr(pos, name.size()), name)) {
        pos += name.size();
        *index = k;
        return true;
      }
    }
    return false;
  };
  for (size_t p = 0; p < parts_.size(); ++p) {
    const Part& part = parts_[p];
    const int n = part.count;
    // A numeric field followed directly by another numeric field reads exactly n digits.
    bool adjacent = p + 1 < parts_.size() && parts_[p + 1].letter != 0;
    int min_digits = n, max_digits = (n == 1 && !adjacent) ? 9 : n;
    if (n == 1 && !adjacent) min_digits = 1;
    int64_t value = 0;
    switch (part.letter) {
      case 0:
        if (text.substr(pos, part.literal.size()) != part.literal) return std::nullopt;
        pos += part.literal.size();
        break;
      case 'G': {
        if (EqualsIgnoreCase(text.substr(pos, 2), "AD")) {
          pos += 2;
        } else if (EqualsIgnoreCase(text.substr(pos, 2), "BC")) {
          pos += 2;
          bc = true;
        } else {
          return std::nullopt;
        }
        break;
      }
      case 'y':
        if (n == 2) {
          if (!read_number(2, 2, &value)) return std::nullopt;
          year = 2000 + value;
        } else {
          if (!read_number(n == 1 ? 1 : n, n >= 4 && !adjacent ? 6 : std::max(n, 4), &value)) return std::nullopt;
          year = value;
        }
        break;
      case 'M':
      case 'L':
        if (n >= 3) {
          if (!read_name(kMonths, 12, n == 3, &value)) return std::nullopt;
          month = value + 1;
        } else {
          if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &month)) return std::nullopt;
        }
        break;
      case 'd':
        if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &day)) return std::nullopt;
        break;
      case 'D':
        if (!read_number(min_digits, n == 1 && !adjacent ? 3 : max_digits, &day_of_year)) return std::nullopt;
        break;
      case 'Q':
      case 'q':
        if (!read_number(min_digits, 1, &value)) return std::nullopt;
        break;
      case 'E':
        if (!read_name(kDays, 7, n < 4, &value)) return std::nullopt;
        break;
      case 'a':
        if (EqualsIgnoreCase(text.substr(pos, 2), "AM")) pm = 0;
        else if (EqualsIgnoreCase(text.substr(pos, 2), "PM")) pm = 1;
        else return std::nullopt;
        pos += 2;
        break;
      case 'H':
      case 'k':
        if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &hour)) return std::nullopt;
        if (part.letter == 'k' && hour == 24) hour = 0;
        break;
      case 'K':
      case 'h':
        if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &value)) return std::nullopt;
        hour12 = static_cast<int>(value % 12);
        break;
      case 'm':
        if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &minute)) return std::nullopt;
        break;
      case 's':
        if (!read_number(min_digits, n == 1 && !adjacent ? 2 : max_digits, &second)) return std::nullopt;
        break;
      case 'S': {
        size_t start = pos;
        if (!read_number(1, n, &value)) return std::nullopt;
        int digits = static_cast<int>(pos - start);
        while (digits < 6) {
          value *= 10;
          ++digits;
        }
        while (digits > 6) {
          value /= 10;
          --digits;
        }
        micros = value;
        break;
      }
      default: {  // zones: Z, UTC, GMT, or an offset +HH[:MM]
        if (text.substr(pos, 1) == "Z") {
          ++pos;
        } else if (text.substr(pos, 3) == "UTC" || text.substr(pos, 3) == "GMT") {
          pos += 3;
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
          int sign = text[pos] == '-' ? -1 : 1;
          ++pos;
          int64_t hours = 0, minutes = 0;
          size_t before = pos;
          if (!read_number(2, 2, &hours)) return std::nullopt;
          if (pos < text.size() && text[pos] == ':') ++pos;
          if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && !read_number(2, 2, &minutes)) return std::nullopt;
          if (pos == before || hours > 18 || minutes > 59) return std::nullopt;
          offset_minutes = sign * (hours * 60 + minutes);
        } else {
          return std::nullopt;
        }
        break;
      }
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (hour12 >= 0) hour = hour12 + (pm == 1 ? 12 : 0);
  else if (pm == 1 && hour < 12) hour += 12;
  if (bc) year = 1 - year;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int64_t days;
  if (day_of_year > 0) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day_of_year > (leap ? 366 : 365)) return std::nullopt;
    days = DaysFromCivil(year, 1, 1) + day_of_year - 1;
  } else {
    static constexpr int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kMonthDays[month - 1]) return std::nullopt;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return std::nullopt;
    days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  }
  int64_t result = ((days * 24 + hour) * 60 + minute) * 60000000LL + second * 1000000LL + micros;
  return result - offset_minutes * 60000000LL;
}

}  // namespace sluice::engine
