// Decimal values: 128-bit unscaled integers with a scale (value = unscaled / 10^scale), up to
// 38 digits, as Glue's decimal(p,s) and Parquet's DECIMAL logical type hold them.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::columnar {

using Int128 = __int128;

// 10^n for 0 <= n <= 38.
Int128 Pow10(int n);
// True when |value| < 10^precision.
bool FitsPrecision(Int128 value, int precision);
// "-123.45" for (-12345, 2); "0.05" for (5, 2); no exponent form.
std::string DecimalToString(Int128 unscaled, int scale);
// Parses plain decimal text ("12.5", "-0.001", "+3", ".5", "1e3" is refused) into an unscaled
// value at `scale`, rounding half away from zero when there are more fraction digits.
// InvalidArgument for malformed text or a value that does not fit `precision`.
Result<Int128> ParseDecimal(std::string_view text, int precision, int scale);
double DecimalToDouble(Int128 unscaled, int scale);
// Integer text of a 128-bit value.
std::string Int128ToString(Int128 value);

}  // namespace sluice::columnar
