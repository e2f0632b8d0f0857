// Scalar: one value of a columnar type (or NULL), for literals in expressions, partition
// values, statistics (Parquet min/max) and pushed-down predicates.
//
// Thread safety: a value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "columnar/decimal.h"
#include "columnar/type.h"

namespace sluice::columnar {

class Scalar {
 public:
  // NULL of type null.
  Scalar() : type_(DataType::Null()) {}
  // NULL of a given type.
  static Scalar Null(TypePtr type) { return Scalar(std::move(type), std::monostate{}); }
  static Scalar Boolean(bool v) { return Scalar(DataType::Boolean(), int64_t{v}); }
  // int8..int64, date (days) and timestamps (micros) are held as int64.
  static Scalar Int(TypePtr type, int64_t v) { return Scalar(std::move(type), v); }
  static Scalar Int64(int64_t v) { return Scalar(DataType::Int64(), v); }
  static Scalar Float64(double v) { return Scalar(DataType::Float64(), v); }
  static Scalar Float32(float v) { return Scalar(DataType::Float32(), static_cast<double>(v)); }
  static Scalar Decimal(int precision, int scale, Int128 unscaled) {
    return Scalar(DataType::Decimal(precision, scale), unscaled);
  }
  static Scalar String(std::string v) { return Scalar(DataType::String(), std::move(v)); }
  static Scalar Binary(std::string v) { return Scalar(DataType::Binary(), std::move(v)); }
  static Scalar Date(int32_t days) { return Scalar(DataType::Date(), int64_t{days}); }
  static Scalar Timestamp(int64_t micros) { return Scalar(DataType::Timestamp(), micros); }

  const TypePtr& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  // REQUIRES: not null and the matching representation.
  int64_t int_value() const { return std::get<int64_t>(value_); }
  bool bool_value() const { return std::get<int64_t>(value_) != 0; }
  double double_value() const { return std::get<double>(value_); }
  Int128 decimal_value() const { return std::get<Int128>(value_); }
  const std::string& string_value() const { return std::get<std::string>(value_); }

  // SQL-style text ("NULL", "'abc'" is not quoted: abc, 2024-01-31, 1.50).
  std::string ToString() const;
  bool Equals(const Scalar& other) const { return type_->Equals(*other.type_) && value_ == other.value_; }

 private:
  using Value = std::variant<std::monostate, int64_t, double, Int128, std::string>;
  Scalar(TypePtr type, Value value) : type_(std::move(type)), value_(std::move(value)) {}
  TypePtr type_;
  Value value_;
};

// Orders two non-null scalars: <0, 0, >0. Numbers compare by value across integer, float
// and decimal types; strings and binary byte-wise; dates and timestamps by their integer
// value (a date against a timestamp compares as midnight). nullopt when either is null or
// the types cannot be compared.
std::optional<int> CompareScalars(const Scalar& a, const Scalar& b);

}  // namespace sluice::columnar
