// The loops kernels are made of: typed accessors that read an argument whether it is a column or
// a scalar, templates that run an operation over every row of fixed-width arguments with
// the result's validity computed a word at a time, and row loops that build string or
// fixed-width results. Instantiated per type, the inner loops are
// plain array code — no per-row virtual calls or allocations.
//
// Thread safety: stateless templates.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "columnar/buffer.h"
#include "columnar/builder.h"
#include "columnar/column.h"
#include "common/status.h"
#include "engine/expr/datum.h"
#include "engine/expr/validity.h"

namespace sluice::engine {

// A scalar's value as the physical type T. REQUIRES: not NULL, T matches its type.
template <typename T>
T ScalarValueAs(const columnar::Scalar& scalar) {
  if constexpr (std::is_same_v<T, columnar::Int128>) {
    return scalar.decimal_value();
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(scalar.double_value());
  } else {
    return static_cast<T>(scalar.int_value());
  }
}

// Reads a fixed-width argument of physical type T row by row.
template <typename T>
class FixedReader {
 public:
  explicit FixedReader(const Datum& datum) {
    if (datum.is_scalar()) {
      is_scalar_ = true;
      scalar_valid_ = !datum.scalar().is_null();
      if (scalar_valid_) scalar_ = ScalarValueAs<T>(datum.scalar());
    } else {
      column_ = datum.column().get();
      values_ = column_->Values<T>();
    }
  }
  T Value(int64_t i) const { return is_scalar_ ? scalar_ : values_[i]; }
  bool Valid(int64_t i) const { return is_scalar_ ? scalar_valid_ : column_->IsValid(i); }
  bool is_scalar() const { return is_scalar_; }
  const columnar::Column* column() const { return column_; }

 private:
  bool is_scalar_ = false;
  bool scalar_valid_ = false;
  T scalar_{};
  const columnar::Column* column_ = nullptr;
  const T* values_ = nullptr;
};

// Reads a string or binary argument row by row.
class StringReader {
 public:
  explicit StringReader(const Datum& datum) {
    if (datum.is_scalar()) {
      is_scalar_ = true;
      scalar_valid_ = !datum.scalar().is_null();
      if (scalar_valid_) scalar_ = datum.scalar().string_value();
    } else {
      column_ = datum.column().get();
      offsets_ = column_->Offsets();
      data_ = column_->data() ? reinterpret_cast<const char*>(column_->data()->data()) : "";
    }
  }
  std::string_view Value(int64_t i) const {
    if (is_scalar_) return scalar_;
    return std::string_view(data_ + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i]));
  }
  bool Valid(int64_t i) const { return is_scalar_ ? scalar_valid_ : column_->IsValid(i); }
  bool is_scalar() const { return is_scalar_; }

 private:
  bool is_scalar_ = false;
  bool scalar_valid_ = false;
  std::string_view scalar_;
  const columnar::Column* column_ = nullptr;
  const int64_t* offsets_ = nullptr;
  const char* data_ = nullptr;
};

// The validity of a result that is NULL where any argument is (scalars count as all-valid or
// all-NULL), or null when no row is NULL. Sets *all_null when a scalar argument is NULL.
columnar::BufferPtr CombinedValidity(const std::vector<Datum>& args, int64_t rows, bool* all_null);

// What a checked operation reports for one row.
enum class RowOutcome : uint8_t { kOk, kNull, kError };

// out[i] = op(a[i], b[i]) over fixed-width arguments of physical types A and B; NULL where an
// argument is NULL. Op never fails.
template <typename A, typename B, typename Out, typename Op>
Datum BinaryFixed(const Datum& a, const Datum& b, int64_t rows, const columnar::TypePtr& out_type, Op op) {
  bool all_null = false;
  columnar::BufferPtr validity = CombinedValidity({a, b}, rows, &all_null);
  if (all_null) return Datum(columnar::Scalar::Null(out_type));
  auto values = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(Out));
  Out* out = values->template mutable_as<Out>();
  if (a.is_scalar() && b.is_scalar()) {  // constant folding
    const A x = ScalarValueAs<A>(a.scalar());
    const B y = ScalarValueAs<B>(b.scalar());
    for (int64_t i = 0; i < rows; ++i) out[i] = op(x, y);
  } else if (a.is_scalar()) {
    const A x = ScalarValueAs<A>(a.scalar());
    const B* y = b.column()->Values<B>();
    for (int64_t i = 0; i < rows; ++i) out[i] = op(x, y[i]);
  } else if (b.is_scalar()) {
    const A* x = a.column()->Values<A>();
    const B y = ScalarValueAs<B>(b.scalar());
    for (int64_t i = 0; i < rows; ++i) out[i] = op(x[i], y);
  } else {
    const A* x = a.column()->Values<A>();
    const B* y = b.column()->Values<B>();
    for (int64_t i = 0; i < rows; ++i) out[i] = op(x[i], y[i]);
  }
  return Datum(columnar::Column::Make(out_type, rows, std::move(validity), std::move(values), nullptr, {}, -1));
}

// Like BinaryFixed, but op(a, b, &out) returns a RowOutcome: kNull makes the row NULL (division
// by zero), kError on a valid row returns error(a, b) (overflow).
template <typename A, typename B, typename Out, typename Op, typename Error>
Result<Datum> BinaryFixedChecked(const Datum& a, const Datum& b, int64_t rows, const columnar::TypePtr& out_type,
                                 Op op, Error error) {
  bool all_null = false;
  columnar::BufferPtr initial = CombinedValidity({a, b}, rows, &all_null);
  if (all_null) return Datum(columnar::Scalar::Null(out_type));
  FixedReader<A> x(a);
  FixedReader<B> y(b);
  auto values = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(Out));
  Out* out = values->template mutable_as<Out>();
  ValidityWriter validity(initial, rows);
  for (int64_t i = 0; i < rows; ++i) {
    RowOutcome outcome = op(x.Value(i), y.Value(i), &out[i]);
    if (outcome == RowOutcome::kOk) [[likely]] continue;
    if (!validity.IsValid(i)) continue;
    if (outcome == RowOutcome::kError) return error(x.Value(i), y.Value(i));
    out[i] = Out{};
    validity.SetNull(i);
  }
  int64_t nulls = 0;
  auto bits = validity.Finish(&nulls);
  return Datum(columnar::Column::Make(out_type, rows, std::move(bits), std::move(values), nullptr, {}, nulls));
}

// out[i] = op(in[i]) over a fixed-width column or scalar; NULL stays NULL. Op never fails.
template <typename In, typename Out, typename Op>
Datum UnaryFixed(const Datum& a, int64_t rows, const columnar::TypePtr& out_type, Op op) {
  if (a.is_scalar() && a.scalar().is_null()) return Datum(columnar::Scalar::Null(out_type));
  columnar::ColumnPtr input = ToColumn(a, rows);
  const columnar::Column& column = *input;
  auto values = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(Out));
  Out* out = values->template mutable_as<Out>();
  const In* in = column.Values<In>();
  for (int64_t i = 0; i < rows; ++i) out[i] = op(in[i]);
  return Datum(columnar::Column::Make(out_type, rows, CopyValidity(column), std::move(values), nullptr, {}, -1));
}

// Builds a string column of `rows` rows from fn(row, out) -> bool (false: the row is NULL).
// Rows where any of `null_if_null` is NULL are NULL without calling fn.
template <typename Fn>
Datum BuildStrings(const std::vector<Datum>& null_if_null, int64_t rows, Fn fn) {
  bool all_null = false;
  auto validity = CombinedValidity(null_if_null, rows, &all_null);
  if (all_null) return Datum(columnar::Scalar::Null(columnar::DataType::String()));
  columnar::StringBuilder builder(columnar::DataType::String());
  builder.Reserve(rows);
  std::string out;
  for (int64_t i = 0; i < rows; ++i) {
    if (validity && !columnar::GetBit(validity->data(), i)) {
      builder.AppendNull();
      continue;
    }
    out.clear();
    if (fn(i, out)) builder.Append(out);
    else builder.AppendNull();
  }
  return Datum(builder.Finish());
}

// Builds a fixed-width column of physical type Out from fn(row) -> Out; NULL where any of
// `null_if_null` is.
template <typename Out, typename Fn>
Datum BuildFixed(const std::vector<Datum>& null_if_null, int64_t rows, const columnar::TypePtr& type, Fn fn) {
  bool all_null = false;
  auto validity = CombinedValidity(null_if_null, rows, &all_null);
  if (all_null) return Datum(columnar::Scalar::Null(type));
  auto values = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(Out));
  Out* out = values->template mutable_as<Out>();
  for (int64_t i = 0; i < rows; ++i) {
    out[i] = (!validity || columnar::GetBit(validity->data(), i)) ? fn(i) : Out{};
  }
  return Datum(columnar::Column::Make(type, rows, std::move(validity), std::move(values), nullptr, {}, -1));
}

}  // namespace sluice::engine
