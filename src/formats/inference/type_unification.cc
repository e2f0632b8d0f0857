// Type unification: see type_unification.h.
#include "formats/inference/type_unification.h"

#include <algorithm>

namespace sluice::formats::inference {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Decimal digits needed before the point for any value of an integer type.
int IntegerDigits(TypeId id) {
  switch (id) {
    case TypeId::kInt8: return 3;
    case TypeId::kInt16: return 5;
    case TypeId::kInt32: return 10;
    default: return 19;
  }
}

int IntegerRank(TypeId id) { return static_cast<int>(id) - static_cast<int>(TypeId::kInt8); }

std::vector<Field> UnifyFields(const std::vector<Field>& a, const std::vector<Field>& b) {
  std::vector<Field> out = a;
  for (const Field& field : b) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Field& f) { return f.name == field.name; });
    if (it == out.end()) {
      out.push_back(field);
      out.back().nullable = true;
    } else {
      it->type = UnifyTypes(it->type, field.type);
      it->nullable = it->nullable || field.nullable;
    }
  }
  // Fields b lacks are null in b's records.
  for (Field& field : out) {
    bool in_b = std::any_of(b.begin(), b.end(), [&](const Field& f) { return f.name == field.name; });
    if (!in_b) field.nullable = true;
  }
  return out;
}

TypePtr DecimalFor(int integer_digits, int scale) {
  if (integer_digits + scale > 38) return DataType::Float64();
  return DataType::Decimal(std::max(1, integer_digits + scale), scale);
}

}  // namespace

TypePtr UnifyTypes(const TypePtr& a, const TypePtr& b) {
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->Equals(*b)) return a;
  TypeId x = a->id(), y = b->id();
  if (a->is_integer() && b->is_integer()) return IntegerRank(x) >= IntegerRank(y) ? a : b;
  if (a->is_numeric() && b->is_numeric()) {
    if (a->is_floating() || b->is_floating()) return DataType::Float64();
    // At least one decimal; the other decimal or integer.
    int digits_a = x == TypeId::kDecimal ? a->precision() - a->scale() : IntegerDigits(x);
    int digits_b = y == TypeId::kDecimal ? b->precision() - b->scale() : IntegerDigits(y);
    int scale = std::max(x == TypeId::kDecimal ? a->scale() : 0, y == TypeId::kDecimal ? b->scale() : 0);
    return DecimalFor(std::max(digits_a, digits_b), scale);
  }
  auto temporal = [](TypeId id) {
    return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
  };
  if (temporal(x) && temporal(y)) {
    if (x == TypeId::kTimestampTz || y == TypeId::kTimestampTz) return DataType::TimestampTz();
    return DataType::Timestamp();
  }
  if (x == TypeId::kStruct && y == TypeId::kStruct) return DataType::Struct(UnifyFields(a->fields(), b->fields()));
  if (x == TypeId::kList && y == TypeId::kList) return DataType::List(UnifyTypes(a->element(), b->element()));
  if (x == TypeId::kMap && y == TypeId::kMap) {
    return DataType::Map(UnifyTypes(a->key(), b->key()), UnifyTypes(a->value(), b->value()));
  }
  return DataType::String();
}

columnar::SchemaPtr UnifySchemas(const columnar::Schema& a, const columnar::Schema& b) {
  return columnar::MakeSchema(UnifyFields(a.fields(), b.fields()));
}

TypePtr ResolveNullType(const TypePtr& type) {
  switch (type->id()) {
    case TypeId::kNull: return DataType::String();
    case TypeId::kStruct: {
      std::vector<Field> fields = type->fields();
      for (Field& field : fields) field.type = ResolveNullType(field.type);
      return DataType::Struct(std::move(fields));
    }
    case TypeId::kList: return DataType::List(ResolveNullType(type->element()));
    case TypeId::kMap: return DataType::Map(ResolveNullType(type->key()), ResolveNullType(type->value()));
    default: return type;
  }
}

}  // namespace sluice::formats::inference
