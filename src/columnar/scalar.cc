// Scalars: see scalar.h.
#include "columnar/scalar.h"

#include <fmt/format.h>

#include "columnar/temporal.h"

namespace sluice::columnar {

std::string Scalar::ToString() const {
  if (is_null()) return "NULL";
  switch (type_->id()) {
    case TypeId::kBoolean: return bool_value() ? "true" : "false";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return fmt::format("{}", int_value());
    case TypeId::kFloat32:
    case TypeId::kFloat64: return fmt::format("{}", double_value());
    case TypeId::kDecimal: return DecimalToString(decimal_value(), type_->scale());
    case TypeId::kDate: return FormatDate(static_cast<int32_t>(int_value()));
    case TypeId::kTimestamp: return FormatTimestamp(int_value());
    case TypeId::kTimestampTz: return FormatTimestamp(int_value(), true);
    case TypeId::kString:
    case TypeId::kBinary: return string_value();
    default: return "?";
  }
}

namespace {

enum class Kind { kInteger, kFloat, kDecimal, kText, kDate, kTimestamp, kBoolean, kOther };

Kind KindOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return Kind::kInteger;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return Kind::kFloat;
    case TypeId::kDecimal: return Kind::kDecimal;
    case TypeId::kString:
    case TypeId::kBinary: return Kind::kText;
    case TypeId::kDate: return Kind::kDate;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return Kind::kTimestamp;
    case TypeId::kBoolean: return Kind::kBoolean;
    default: return Kind::kOther;
  }
}

template <typename T>
int Order(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// A numeric scalar as long double (exact for int64 and for most decimals that matter here).
long double AsLongDouble(const Scalar& s, Kind kind) {
  if (kind == Kind::kInteger) return static_cast<long double>(s.int_value());
  if (kind == Kind::kFloat) return static_cast<long double>(s.double_value());
  return static_cast<long double>(s.decimal_value()) / static_cast<long double>(Pow10(s.type()->scale()));
}

}  // namespace

std::optional<int> CompareScalars(const Scalar& a, const Scalar& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  Kind ka = KindOf(*a.type()), kb = KindOf(*b.type());
  bool numeric_a = ka == Kind::kInteger || ka == Kind::kFloat || ka == Kind::kDecimal;
  bool numeric_b = kb == Kind::kInteger || kb == Kind::kFloat || kb == Kind::kDecimal;
  if (numeric_a && numeric_b) {
    if (ka == Kind::kInteger && kb == Kind::kInteger) return Order(a.int_value(), b.int_value());
    if (ka == Kind::kDecimal && kb == Kind::kDecimal && a.type()->scale() == b.type()->scale()) {
      return Order(a.decimal_value(), b.decimal_value());
    }
    return Order(AsLongDouble(a, ka), AsLongDouble(b, kb));
  }
  if (ka == Kind::kText && kb == Kind::kText) return Order(a.string_value().compare(b.string_value()), 0);
  if (ka == Kind::kBoolean && kb == Kind::kBoolean) return Order(a.int_value(), b.int_value());
  if ((ka == Kind::kDate || ka == Kind::kTimestamp) && (kb == Kind::kDate || kb == Kind::kTimestamp)) {
    int64_t x = ka == Kind::kDate ? a.int_value() * 86400000000LL : a.int_value();
    int64_t y = kb == Kind::kDate ? b.int_value() * 86400000000LL : b.int_value();
    return Order(x, y);
  }
  return std::nullopt;
}

}  // namespace sluice::columnar
