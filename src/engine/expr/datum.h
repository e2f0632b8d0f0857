// Datum: what an expression evaluates to over a batch — a column with one value per row, or a
// scalar that stands for the same value on every row (literals and constant sub-expressions).
// Kernels accept either, so literals never have to be copied into full columns.
//
// Thread safety: a value type over immutable columns and scalars.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "columnar/column.h"
#include "columnar/scalar.h"

namespace sluice::engine {

class Datum {
 public:
  explicit Datum(columnar::ColumnPtr column) : column_(std::move(column)) {}
  explicit Datum(columnar::Scalar scalar) : scalar_(std::move(scalar)) {}

  bool is_scalar() const { return scalar_.has_value(); }
  // REQUIRES: !is_scalar().
  const columnar::ColumnPtr& column() const { return column_; }
  // REQUIRES: is_scalar().
  const columnar::Scalar& scalar() const { return *scalar_; }
  const columnar::TypePtr& type() const { return is_scalar() ? scalar_->type() : column_->type(); }
  // True when the value at `row` is NULL.
  bool IsNull(int64_t row) const { return is_scalar() ? scalar_->is_null() : column_->IsNull(row); }

 private:
  columnar::ColumnPtr column_;
  std::optional<columnar::Scalar> scalar_;
};

// A column of `rows` copies of `scalar` (typed as `type`, which a NULL scalar may not carry).
// REQUIRES: the scalar is NULL or of a primitive (non-nested) type.
columnar::ColumnPtr BroadcastScalar(const columnar::Scalar& scalar, const columnar::TypePtr& type, int64_t rows);
// The datum as a column of `rows` values.
columnar::ColumnPtr ToColumn(const Datum& datum, int64_t rows);
// The value at `row` of a column of a primitive type as a scalar (NULL keeps the column's type).
// REQUIRES: a non-nested type.
columnar::Scalar ScalarAt(const columnar::Column& column, int64_t row);

}  // namespace sluice::engine
