// The C++ type that holds one value of each fixed-width columnar type, and a dispatcher that
// turns a runtime TypeId into a compile-time type, so kernels are written once as templates
// and run as tight loops over typed arrays.
//
// Thread safety: compile-time utilities only.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "columnar/decimal.h"
#include "columnar/type.h"

namespace sluice::engine {

// Tag passed to visitors: `typename decltype(tag)::Type` is the physical type.
template <typename T>
struct TypeTag {
  using Type = T;
};

// True for types stored as fixed-width values (boolean, numbers, decimal, date, timestamps).
inline bool IsFixedWidth(columnar::TypeId id) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kNull: return false;
    default: return true;
  }
}

// Calls visitor(TypeTag<T>{}) with T the physical type of `id` and returns its result.
// REQUIRES: IsFixedWidth(id).
template <typename Visitor>
decltype(auto) VisitFixedWidth(columnar::TypeId id, Visitor&& visitor) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kBoolean: return visitor(TypeTag<uint8_t>{});
    case TypeId::kInt8: return visitor(TypeTag<int8_t>{});
    case TypeId::kInt16: return visitor(TypeTag<int16_t>{});
    case TypeId::kInt32:
    case TypeId::kDate: return visitor(TypeTag<int32_t>{});
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return visitor(TypeTag<int64_t>{});
    case TypeId::kFloat32: return visitor(TypeTag<float>{});
    case TypeId::kFloat64: return visitor(TypeTag<double>{});
    default: return visitor(TypeTag<columnar::Int128>{});
  }
}

// Calls visitor(TypeTag<T>{}) for the integer types only. REQUIRES: an integer type id.
template <typename Visitor>
decltype(auto) VisitInteger(columnar::TypeId id, Visitor&& visitor) {
  using columnar::TypeId;
  switch (id) {
    case TypeId::kInt8: return visitor(TypeTag<int8_t>{});
    case TypeId::kInt16: return visitor(TypeTag<int16_t>{});
    case TypeId::kInt32: return visitor(TypeTag<int32_t>{});
    default: return visitor(TypeTag<int64_t>{});
  }
}

}  // namespace sluice::engine
