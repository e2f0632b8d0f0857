// Text value parsers: see text_value_parser.h.
#include "formats/inference/text_value_parser.h"

namespace sluice::formats::inference {

std::string_view DateLayoutPattern(DateLayout layout) {
  switch (layout) {
    case DateLayout::kIso: return "yyyy-MM-dd";
    case DateLayout::kSlashYmd: return "yyyy/MM/dd";
    case DateLayout::kUs: return "MM/dd/yyyy";
    case DateLayout::kEuropean: return "dd/MM/yyyy";
    case DateLayout::kDotted: return "dd.MM.yyyy";
  }
  return "";
}

bool ParseTimestampText(std::string_view text, DateLayout layout, int64_t* micros, bool* has_zone) {
  using detail::Take;
  using detail::TakeDigits;
  int32_t days = 0;
  size_t pos = 0;
  if (!ParseDatePrefix(text, layout, &days, &pos)) return false;
  int64_t result = int64_t{days} * 86400000000LL;
  *has_zone = false;
  if (pos == text.size()) {
    *micros = result;
    return true;
  }
  if (text[pos] != ' ' && text[pos] != 'T') return false;
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!TakeDigits(text, &pos, 1, 2, &hour) || !Take(text, &pos, ':') || !TakeDigits(text, &pos, 2, 2, &minute)) {
    return false;
  }
  int64_t fraction = 0;
  if (Take(text, &pos, ':')) {
    if (!TakeDigits(text, &pos, 2, 2, &second)) return false;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      size_t start = pos;
      int64_t scale = 100000;
      while (pos < text.size() && static_cast<unsigned>(text[pos] - '0') <= 9) {
        fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start || pos - start > 9) return false;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  result += ((int64_t{hour} * 60 + minute) * 60 + second) * 1000000 + fraction;
  if (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (text.substr(pos) == "UTC") {
      pos += 3;
    } else if (c == '+' || c == '-') {
      ++pos;
      int zone_hours = 0, zone_minutes = 0;
      if (!TakeDigits(text, &pos, 2, 2, &zone_hours)) return false;
      bool colon = Take(text, &pos, ':');
      if ((colon || pos < text.size()) && !TakeDigits(text, &pos, 2, 2, &zone_minutes)) return false;
      if (zone_hours > 23 || zone_minutes > 59) return false;
      int64_t offset = (int64_t{zone_hours} * 60 + zone_minutes) * 60000000LL;
      result -= c == '-' ? -offset : offset;
    } else {
      return false;
    }
    *has_zone = true;
  }
  if (pos != text.size()) return false;
  *micros = result;
  return true;
}

}  // namespace sluice::formats::inference
