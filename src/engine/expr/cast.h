// CAST between columnar types. Which casts exist (checked when a plan is built) and how each
// converts values; a value that cannot be converted is an error naming the value and both
// types ("cannot cast 'abc' from string to int"), or NULL in "try" mode (TRY_CAST, and what
// Glue's ApplyMapping does). The full matrix and the text forms are in docs/engine.md.
//
// Thread safety: pure functions over immutable columns.
#pragma once

#include <functional>

#include "columnar/column.h"
#include "columnar/scalar.h"
#include "common/status.h"

namespace sluice::engine {

// Converts a column to the target type; `try_mode` turns failures into NULLs.
using CastFunction = std::function<Result<columnar::ColumnPtr>(const columnar::ColumnPtr& input, bool try_mode)>;

// The conversion from `from` to `to`, or InvalidArgument ("cannot cast date to boolean").
Result<CastFunction> ResolveCast(const columnar::TypePtr& from, const columnar::TypePtr& to);
// Casts a column; errors as above.
Result<columnar::ColumnPtr> CastColumn(const columnar::ColumnPtr& input, const columnar::TypePtr& to,
                                       bool try_mode = false);
// Casts one value (a NULL stays NULL, typed as `to`).
Result<columnar::Scalar> CastScalar(const columnar::Scalar& value, const columnar::TypePtr& to,
                                    bool try_mode = false);

// Text forms shared with functions that print values: Java/Spark style floating point
// ("1.0", "1.0E20", "NaN") and a date parser that accepts "2024-1-5", "2024-01" and a trailing
// time ("2024-01-05 10:00").
void AppendFloatingText(double value, bool single_precision, std::string& out);
std::optional<int32_t> ParseDateLenient(std::string_view text);

}  // namespace sluice::engine
