// Datums: see datum.h.
#include "engine/expr/datum.h"

#include <cstring>

#include "columnar/builder.h"
#include "engine/expr/physical_type.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

template <typename T>
T PhysicalValue(const Scalar& scalar) {
  if constexpr (std::is_same_v<T, columnar::Int128>) {
    return scalar.decimal_value();
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(scalar.double_value());
  } else {
    return static_cast<T>(scalar.int_value());
  }
}

}  // namespace

ColumnPtr BroadcastScalar(const Scalar& scalar, const TypePtr& type, int64_t rows) {
  if (scalar.is_null() || type->id() == TypeId::kNull) return Column::MakeNull(type, rows);
  if (IsFixedWidth(type->id())) {
    return VisitFixedWidth(type->id(), [&](auto tag) {
      using T = typename decltype(tag)::Type;
      auto values = Buffer::Allocate(static_cast<size_t>(rows) * sizeof(T));
      T value = PhysicalValue<T>(scalar);
      T* out = values->mutable_as<T>();
      for (int64_t i = 0; i < rows; ++i) out[i] = value;
      return Column::Make(type, rows, nullptr, std::move(values), nullptr, {}, 0);
    });
  }
  // string / binary
  const std::string& text = scalar.string_value();
  auto offsets = Buffer::Allocate(static_cast<size_t>(rows + 1) * sizeof(int64_t));
  auto data = Buffer::Allocate(text.size() * static_cast<size_t>(rows));
  int64_t* o = offsets->mutable_as<int64_t>();
  uint8_t* d = data->mutable_data();
  o[0] = 0;
  for (int64_t i = 0; i < rows; ++i) {
    if (!text.empty()) std::memcpy(d + static_cast<size_t>(i) * text.size(), text.data(), text.size());
    o[i + 1] = static_cast<int64_t>(text.size()) * (i + 1);
  }
  return Column::Make(type, rows, nullptr, std::move(offsets), std::move(data), {}, 0);
}

ColumnPtr ToColumn(const Datum& datum, int64_t rows) {
  if (!datum.is_scalar()) return datum.column();
  return BroadcastScalar(datum.scalar(), datum.scalar().type(), rows);
}

Scalar ScalarAt(const Column& column, int64_t row) {
  const TypePtr& type = column.type();
  if (column.IsNull(row) || type->id() == TypeId::kNull) return Scalar::Null(type);
  switch (type->id()) {
    case TypeId::kBoolean: return Scalar::Boolean(column.Values<uint8_t>()[row] != 0);
    case TypeId::kInt8: return Scalar::Int(type, column.Values<int8_t>()[row]);
    case TypeId::kInt16: return Scalar::Int(type, column.Values<int16_t>()[row]);
    case TypeId::kInt32:
    case TypeId::kDate: return Scalar::Int(type, column.Values<int32_t>()[row]);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return Scalar::Int(type, column.Values<int64_t>()[row]);
    case TypeId::kFloat32: return Scalar::Float32(column.Values<float>()[row]);
    case TypeId::kFloat64: return Scalar::Float64(column.Values<double>()[row]);
    case TypeId::kDecimal:
      return Scalar::Decimal(type->precision(), type->scale(), column.Values<columnar::Int128>()[row]);
    case TypeId::kString: return Scalar::String(std::string(column.GetView(row)));
    case TypeId::kBinary: return Scalar::Binary(std::string(column.GetView(row)));
    default: return Scalar::Null(type);
  }
}

}  // namespace sluice::engine
