// AWS cron expressions: see cron.h.
#include "scheduler/cron.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/encoding.h"

namespace sluice::scheduler {

namespace {

constexpr int64_t kMinuteMicros = 60'000'000;
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

Status Invalid(std::string_view field, std::string_view text, std::string_view why) {
  return InvalidArgument(fmt::format("invalid {} field '{}' in cron expression: {}", field, text, why));
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::optional<int> ParseNumber(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  const char* const* names;  // names[i] is value min + i (nullptr: numbers only)
  int name_count;
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::optional<int> ParseValue(const FieldSpec& spec, std::string_view text) {
  if (auto number = ParseNumber(text)) return *number;
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int i = 0; i < spec.name_count; ++i) {
    if (upper == spec.names[i]) return spec.min + i;
  }
  return std::nullopt;
}

// Parses a list of `*`, `v`, `a-b`, each optionally `/step`, into the set bits of `out`
// (bit i means value i).
template <size_t N>
Status ParseList(const FieldSpec& spec, std::string_view text, std::bitset<N>* out, int bit_offset = 0) {
  for (std::string_view item : Split(text, ',')) {
    if (item.empty()) return Invalid(spec.name, text, "empty list item");
    int step = 1;
    std::string_view range = item;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      auto parsed = ParseNumber(item.substr(slash + 1));
      if (!parsed || *parsed < 1) return Invalid(spec.name, text, "the increment after '/' must be a positive number");
      step = *parsed;
      range = item.substr(0, slash);
    }
    int low = spec.min, high = spec.max;
    if (range != "*") {
      size_t dash = range.find('-');
      auto first = ParseValue(spec, range.substr(0, dash));
      if (!first) return Invalid(spec.name, text, fmt::format("'{}' is not a value", range.substr(0, dash)));
      low = *first;
      if (dash != std::string_view::npos) {
        auto last = ParseValue(spec, range.substr(dash + 1));
        if (!last) return Invalid(spec.name, text, fmt::format("'{}' is not a value", range.substr(dash + 1)));
        high = *last;
      } else {
        // "5/15" runs from 5 to the end of the range; "5" alone is just 5.
        high = item.find('/') != std::string_view::npos ? spec.max : low;
      }
    }
    if (low < spec.min || high > spec.max || low > high) {
      return Invalid(spec.name, text, fmt::format("values must lie in {}-{}", spec.min, spec.max));
    }
    for (int v = low; v <= high; v += step) out->set(static_cast<size_t>(v - bit_offset));
  }
  return Status::Ok();
}

int64_t DaysInMonth(int64_t year, unsigned month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// 1 = Sunday .. 7 = Saturday.
int Weekday(int64_t days) { return static_cast<int>(((days + 4) % 7 + 7) % 7) + 1; }

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view expression) {
  std::string_view text = TrimSpaces(expression);
  if (!text.starts_with("cron(") || !text.ends_with(")")) {
    return InvalidArgument(fmt::format("'{}' is not a cron expression: expected cron(Minutes Hours Day-of-month Month "
                                       "Day-of-week Year)",
                                       expression));
  }
  text = text.substr(5, text.size() - 6);
  std::vector<std::string_view> fields;
  for (std::string_view part : Split(text, ' ')) {
    if (!part.empty()) fields.push_back(part);
  }
  if (fields.size() != 6) {
    return InvalidArgument(fmt::format("cron expression '{}' has {} fields; it needs exactly 6 (Minutes Hours "
                                       "Day-of-month Month Day-of-week Year)",
                                       expression, fields.size()));
  }
  CronSchedule schedule;
  schedule.expression_ = std::string(TrimSpaces(expression));
  RETURN_IF_ERROR(ParseList({"Minutes", 0, 59, nullptr, 0}, fields[0], &schedule.minutes_));
  RETURN_IF_ERROR(ParseList({"Hours", 0, 23, nullptr, 0}, fields[1], &schedule.hours_));
  RETURN_IF_ERROR(ParseList({"Month", 1, 12, kMonthNames, 12}, fields[3], &schedule.months_));
  RETURN_IF_ERROR(ParseList({"Year", kFirstYear, kLastYear, nullptr, 0}, fields[5], &schedule.years_, kFirstYear));

  std::string_view dom = fields[2], dow = fields[4];
  if ((dom == "?") == (dow == "?")) {
    return InvalidArgument(fmt::format("cron expression '{}': exactly one of Day-of-month and Day-of-week must be '?'",
                                       expression));
  }
  if (dom == "?") {
    schedule.day_of_month_any_ = true;
    FieldSpec spec{"Day-of-week", 1, 7, kDayNames, 7};
    if (dow == "L") {
      schedule.days_of_week_.set(7);
    } else if (dow.size() >= 2 && dow.back() == 'L') {
      auto day = ParseValue(spec, dow.substr(0, dow.size() - 1));
      if (!day || *day < 1 || *day > 7) return Invalid(spec.name, dow, "expected a weekday before 'L'");
      schedule.last_weekday_in_month_ = *day;
    } else if (size_t hash = dow.find('#'); hash != std::string_view::npos) {
      auto day = ParseValue(spec, dow.substr(0, hash));
      auto ordinal = ParseNumber(dow.substr(hash + 1));
      if (!day || *day < 1 || *day > 7 || !ordinal || *ordinal < 1 || *ordinal > 5) {
        return Invalid(spec.name, dow, "expected weekday#n with n in 1-5");
      }
      schedule.nth_weekday_ = *day;
      schedule.nth_weekday_ordinal_ = *ordinal;
    } else {
      RETURN_IF_ERROR(ParseList(spec, dow, &schedule.days_of_week_));
    }
  } else {
    FieldSpec spec{"Day-of-month", 1, 31, nullptr, 0};
    if (dom == "L") {
      schedule.last_day_of_month_ = true;
    } else if (dom == "LW") {
      schedule.last_weekday_of_month_ = true;
    } else if (dom.size() >= 2 && dom.back() == 'W') {
      auto day = ParseNumber(dom.substr(0, dom.size() - 1));
      if (!day || *day < 1 || *day > 31) return Invalid(spec.name, dom, "expected a day 1-31 before 'W'");
      schedule.nearest_weekday_ = *day;
    } else {
      RETURN_IF_ERROR(ParseList(spec, dom, &schedule.days_of_month_));
    }
  }
  return schedule;
}

bool CronSchedule::DayMatches(int64_t year, unsigned month, unsigned day) const {
  int64_t days = DaysFromCivil(year, month, day);
  int64_t last = DaysInMonth(year, month);
  int weekday = Weekday(days);
  if (day_of_month_any_) {
    if (last_weekday_in_month_ != 0) return weekday == last_weekday_in_month_ && day + 7 > last;
    if (nth_weekday_ != 0) return weekday == nth_weekday_ && static_cast<int>((day - 1) / 7 + 1) == nth_weekday_ordinal_;
    return days_of_week_.test(static_cast<size_t>(weekday));
  }
  if (last_day_of_month_) return day == last;
  if (last_weekday_of_month_) {
    int64_t target = last;
    int last_weekday = Weekday(DaysFromCivil(year, month, static_cast<unsigned>(last)));
    if (last_weekday == 7) target -= 1;  // Saturday → Friday
    if (last_weekday == 1) target -= 2;  // Sunday → Friday
    return day == target;
  }
  if (nearest_weekday_ != 0) {
    int64_t target = std::min<int64_t>(nearest_weekday_, last);
    int target_weekday = Weekday(DaysFromCivil(year, month, static_cast<unsigned>(target)));
    if (target_weekday == 7) target = target == 1 ? 3 : target - 1;     // Saturday
    if (target_weekday == 1) target = target == last ? target - 2 : target + 1;  // Sunday
    return day == target;
  }
  return days_of_month_.test(day);
}

std::optional<int64_t> CronSchedule::NextAfter(int64_t after_micros) const {
  // The next whole minute strictly after `after_micros`.
  int64_t minute = after_micros >= 0 ? after_micros / kMinuteMicros + 1 : -((-after_micros) / kMinuteMicros);
  int64_t days = minute >= 0 ? minute / 1440 : -((-minute + 1439) / 1440);
  int start_minute_of_day = static_cast<int>(minute - days * 1440);
  int64_t last_day = DaysFromCivil(kLastYear, 12, 31);
  for (; days <= last_day; ++days, start_minute_of_day = 0) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, &year, &month, &day);
    if (year < kFirstYear) {
      days = DaysFromCivil(kFirstYear, 1, 1) - 1;
      continue;
    }
    if (!years_.test(static_cast<size_t>(year - kFirstYear))) {
      days = DaysFromCivil(year, 12, 31);  // skip the rest of the year
      continue;
    }
    if (!months_.test(month)) {
      days = DaysFromCivil(year, month, static_cast<unsigned>(DaysInMonth(year, month)));
      continue;
    }
    if (!DayMatches(year, month, day)) continue;
    for (int hour = start_minute_of_day / 60; hour < 24; ++hour) {
      if (!hours_.test(static_cast<size_t>(hour))) continue;
      int first = hour == start_minute_of_day / 60 ? start_minute_of_day % 60 : 0;
      for (int m = first; m < 60; ++m) {
        if (minutes_.test(static_cast<size_t>(m))) return (days * 1440 + hour * 60 + m) * kMinuteMicros;
      }
    }
  }
  return std::nullopt;
}

int64_t CronSchedule::ShortestInterval(int64_t from_micros, int firings) const {
  int64_t shortest = INT64_MAX;
  auto previous = NextAfter(from_micros);
  for (int i = 1; previous && i < firings; ++i) {
    auto next = NextAfter(*previous);
    if (!next) break;
    shortest = std::min(shortest, *next - *previous);
    previous = next;
  }
  return shortest;
}

}  // namespace sluice::scheduler
