// Implicit type rules: see type_coercion.h.
#include "engine/expr/type_coercion.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::engine {

using columnar::DataType;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

Status Incompatible(const TypePtr& a, const TypePtr& b) {
  return InvalidArgument(fmt::format("{} and {} are not compatible", a->ToGlueType(), b->ToGlueType()));
}

int IntegerRank(TypeId id) { return static_cast<int>(id) - static_cast<int>(TypeId::kInt8); }

bool IsTemporal(TypeId id) { return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz; }

}  // namespace

TypePtr DecimalForInteger(TypeId id) {
  switch (id) {
    case TypeId::kInt8: return DataType::Decimal(3, 0);
    case TypeId::kInt16: return DataType::Decimal(5, 0);
    case TypeId::kInt32: return DataType::Decimal(10, 0);
    default: return DataType::Decimal(20, 0);
  }
}

TypePtr BoundedDecimal(int precision, int scale) {
  if (precision <= 38) return DataType::Decimal(std::max(precision, 1), scale);
  int integer_digits = precision - scale;
  int min_scale = std::min(scale, 6);
  int adjusted = std::max(38 - integer_digits, min_scale);
  return DataType::Decimal(38, adjusted);
}

Result<TypePtr> NumericType(const TypePtr& a, const TypePtr& b) {
  if (!a->is_numeric() && a->id() != TypeId::kNull) {
    return InvalidArgument(fmt::format("{} is not a number", a->ToGlueType()));
  }
  if (!b->is_numeric() && b->id() != TypeId::kNull) {
    return InvalidArgument(fmt::format("{} is not a number", b->ToGlueType()));
  }
  if (a->id() == TypeId::kNull) return b->id() == TypeId::kNull ? DataType::Int32() : b;
  if (b->id() == TypeId::kNull) return a;
  if (a->Equals(*b)) return a;
  if (a->is_integer() && b->is_integer()) return IntegerRank(a->id()) >= IntegerRank(b->id()) ? a : b;
  if (a->id() == TypeId::kFloat64 || b->id() == TypeId::kFloat64) return DataType::Float64();
  if (a->id() == TypeId::kFloat32 || b->id() == TypeId::kFloat32) {
    if (a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal) return DataType::Float64();
    return DataType::Float32();
  }
  // decimals, possibly with an integer
  TypePtr x = a->is_integer() ? DecimalForInteger(a->id()) : a;
  TypePtr y = b->is_integer() ? DecimalForInteger(b->id()) : b;
  int scale = std::max(x->scale(), y->scale());
  int integer_digits = std::max(x->precision() - x->scale(), y->precision() - y->scale());
  return BoundedDecimal(integer_digits + scale, scale);
}

Result<TypePtr> ComparisonType(const TypePtr& a, const TypePtr& b) {
  if (a->Equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->is_numeric() && b->is_numeric()) return NumericType(a, b);
  if (IsTemporal(a->id()) && IsTemporal(b->id())) {
    if (a->id() == TypeId::kTimestampTz || b->id() == TypeId::kTimestampTz) return DataType::TimestampTz();
    return DataType::Timestamp();
  }
  auto string_meets = [](const TypePtr& other) {
    return other->is_numeric() || IsTemporal(other->id()) || other->id() == TypeId::kBoolean;
  };
  if (a->id() == TypeId::kString && string_meets(b)) return b;
  if (b->id() == TypeId::kString && string_meets(a)) return a;
  return Incompatible(a, b);
}

Result<TypePtr> CommonType(const TypePtr& a, const TypePtr& b) {
  if (a->Equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->is_numeric() && b->is_numeric()) return NumericType(a, b);
  if (IsTemporal(a->id()) && IsTemporal(b->id())) return ComparisonType(a, b);
  if ((a->id() == TypeId::kString && !b->is_nested() && b->id() != TypeId::kBinary) ||
      (b->id() == TypeId::kString && !a->is_nested() && a->id() != TypeId::kBinary)) {
    return DataType::String();
  }
  if (a->id() == b->id() && a->id() == TypeId::kList) {
    ASSIGN_OR_RETURN(TypePtr element, CommonType(a->element(), b->element()));
    return DataType::List(element);
  }
  if (a->id() == b->id() && a->id() == TypeId::kStruct && a->fields().size() == b->fields().size()) {
    std::vector<columnar::Field> fields;
    for (size_t i = 0; i < a->fields().size(); ++i) {
      if (a->fields()[i].name != b->fields()[i].name) return Incompatible(a, b);
      ASSIGN_OR_RETURN(TypePtr field, CommonType(a->fields()[i].type, b->fields()[i].type));
      fields.push_back({a->fields()[i].name, field, true});
    }
    return DataType::Struct(std::move(fields));
  }
  return Incompatible(a, b);
}

}  // namespace sluice::engine
