// Implicit type rules: the type two values are brought to before they are compared or combined,
// following Spark SQL (which Glue jobs run) where it is unambiguous:
//   - integers widen to the wider integer; an integer with float gives float, with double gives
//     double; decimals widen to hold both sides' integer digits and the larger scale (integers
//     count as decimal(3|5|10|20, 0)); a decimal with a float gives double;
//   - date with timestamp gives timestamp; NULL (type null) takes the other side's type;
//   - in comparisons and IN lists a string meets a number, boolean, date or timestamp by being
//     cast to that type; in CASE/COALESCE/UNION both sides become string instead.
// Anything else is an error that names both types.
//
// Thread safety: pure functions.
#pragma once

#include "columnar/type.h"
#include "common/status.h"

namespace sluice::engine {

// The type both sides of a comparison (=, <, IN ...) are cast to, or InvalidArgument.
Result<columnar::TypePtr> ComparisonType(const columnar::TypePtr& a, const columnar::TypePtr& b);
// The type of a value that may come from either side (CASE branches, COALESCE, UNION columns).
Result<columnar::TypePtr> CommonType(const columnar::TypePtr& a, const columnar::TypePtr& b);
// The numeric type arithmetic on a and b is carried out in (before the operator's own result
// rule), or InvalidArgument when either is not numeric.
Result<columnar::TypePtr> NumericType(const columnar::TypePtr& a, const columnar::TypePtr& b);
// decimal(p, 0) wide enough for every value of an integer type.
columnar::TypePtr DecimalForInteger(columnar::TypeId id);
// A decimal type of at most 38 digits: when `precision` exceeds 38, integer digits are kept
// and the scale shrinks (to no less than min(scale, 6)), as Spark does.
columnar::TypePtr BoundedDecimal(int precision, int scale);

}  // namespace sluice::engine
