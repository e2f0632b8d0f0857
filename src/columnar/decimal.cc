// Decimal values: see decimal.h.
#include "columnar/decimal.h"

#include <array>

#include <fmt/format.h>

namespace sluice::columnar {

Int128 Pow10(int n) {
  static const auto kTable = [] {
    std::array<Int128, 39> table{};
    table[0] = 1;
    for (int i = 1; i <= 38; ++i) table[i] = table[i - 1] * 10;
    return table;
  }();
  return kTable[n];
}

bool FitsPrecision(Int128 value, int precision) {
  Int128 limit = Pow10(precision);
  return value < limit && value > -limit;
}

std::string Int128ToString(Int128 value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  // The most negative value has no positive counterpart; work with negative remainders.
  std::string digits;
  while (value != 0) {
    int digit = static_cast<int>(value % 10);
    digits += static_cast<char>('0' + (digit < 0 ? -digit : digit));
    value /= 10;
  }
  if (negative) digits += '-';
  return std::string(digits.rbegin(), digits.rend());
}

std::string DecimalToString(Int128 unscaled, int scale) {
  std::string digits = Int128ToString(unscaled);
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

Result<Int128> ParseDecimal(std::string_view text, int precision, int scale) {
  size_t i = 0;
  bool negative = false;
  while (i < text.size() && text[i] == ' ') ++i;
  size_t end = text.size();
  while (end > i && text[end - 1] == ' ') --end;
  if (i < end && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  Int128 value = 0;
  int digits = 0, fraction_digits = 0;
  bool seen_point = false, any_digit = false, excess_seen = false, round_up = false;
  for (; i < end; ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return InvalidArgument(fmt::format("'{}' is not a decimal number", text));
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return InvalidArgument(fmt::format("'{}' is not a decimal number", text));
    any_digit = true;
    if (seen_point) {
      if (fraction_digits == scale) {
        // Only the first dropped digit decides the rounding (half away from zero).
        if (!excess_seen) round_up = c >= '5';
        excess_seen = true;
        continue;
      }
      ++fraction_digits;
    }
    if (value != 0 || c != '0') ++digits;
    if (digits > 38) return InvalidArgument(fmt::format("'{}' has more than 38 digits", text));
    value = value * 10 + (c - '0');
  }
  if (!any_digit) return InvalidArgument(fmt::format("'{}' is not a decimal number", text));
  value *= Pow10(scale - fraction_digits);
  if (round_up) value += 1;
  if (negative) value = -value;
  if (!FitsPrecision(value, precision)) {
    return InvalidArgument(fmt::format("'{}' does not fit decimal({},{})", text, precision, scale));
  }
  return value;
}

double DecimalToDouble(Int128 unscaled, int scale) {
  return static_cast<double>(unscaled) / static_cast<double>(Pow10(scale));
}

}  // namespace sluice::columnar
