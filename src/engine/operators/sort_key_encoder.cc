// Normalised sort keys: see sort_key_encoder.h.
#include "engine/operators/sort_key_encoder.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "engine/expr/physical_type.h"

namespace sluice::engine {

using columnar::Column;
using columnar::ColumnPtr;
using columnar::Int128;
using columnar::TypeId;

namespace {

// The sortable unsigned image of a value.
template <typename T>
auto Sortable(T value) {
  if constexpr (std::is_same_v<T, float>) {
    if (value == 0) value = 0;
    if (std::isnan(value)) value = std::numeric_limits<float>::quiet_NaN();
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    if (std::isnan(value)) return uint32_t{0xffffffffu};  // above +inf
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
  } else if constexpr (std::is_same_v<T, double>) {
    if (value == 0) value = 0;
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    if (std::isnan(value)) return ~uint64_t{0};
    return (bits & (uint64_t{1} << 63)) ? ~bits : bits | (uint64_t{1} << 63);
  } else if constexpr (std::is_same_v<T, Int128>) {
    return static_cast<unsigned __int128>(value) ^ (static_cast<unsigned __int128>(1) << 127);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return value;
  } else {
    using U = std::make_unsigned_t<T>;
    return static_cast<U>(static_cast<U>(value) ^ (U{1} << (sizeof(T) * 8 - 1)));
  }
}

template <typename U>
void PutBigEndian(U value, uint8_t* out, bool invert) {
  for (size_t i = 0; i < sizeof(U); ++i) {
    auto byte = static_cast<uint8_t>(value >> (8 * (sizeof(U) - 1 - i)));
    out[i] = invert ? static_cast<uint8_t>(~byte) : byte;
  }
}

template <typename T>
void WriteFixed(const Column& column, const SortOrder& order, int64_t rows, uint32_t* cursor, uint8_t* bytes) {
  const T* values = column.Values<T>();
  const uint8_t null_marker = order.nulls_first ? 0 : 2;
  for (int64_t i = 0; i < rows; ++i) {
    uint8_t* p = bytes + cursor[i];
    if (column.IsNull(i)) {
      *p = null_marker;
      cursor[i] += 1;
      continue;
    }
    *p = 1;
    auto image = Sortable(values[i]);
    PutBigEndian(image, p + 1, !order.ascending);
    cursor[i] += 1 + sizeof(image);
  }
}

size_t EscapedLength(std::string_view s) {
  size_t zeros = 0;
  for (char c : s) zeros += c == 0;
  return s.size() + zeros + 2;
}

void WriteBinary(const Column& column, const SortOrder& order, int64_t rows, uint32_t* cursor, uint8_t* bytes) {
  const uint8_t null_marker = order.nulls_first ? 0 : 2;
  const uint8_t flip = order.ascending ? 0 : 0xff;
  for (int64_t i = 0; i < rows; ++i) {
    uint8_t* p = bytes + cursor[i];
    if (column.IsNull(i)) {
      *p = null_marker;
      cursor[i] += 1;
      continue;
    }
    *p++ = 1;
    std::string_view s = column.GetView(i);
    for (char c : s) {
      *p++ = static_cast<uint8_t>(c) ^ flip;
      if (c == 0) *p++ = 0xff ^ flip;
    }
    *p++ = flip;
    *p++ = flip;
    cursor[i] += static_cast<uint32_t>(1 + EscapedLength(s));
  }
}

}  // namespace

void EncodeSortKeys(const std::vector<ColumnPtr>& keys, const std::vector<SortOrder>& orders, int64_t rows,
                    uint64_t position_base, SortKeys* out) {
  const auto n = static_cast<size_t>(rows);
  std::vector<uint32_t> sizes(n, 8);  // the position suffix
  for (const auto& key : keys) {
    const Column& column = *key;
    if (column.type()->is_binary_like()) {
      for (size_t i = 0; i < n; ++i) {
        auto row = static_cast<int64_t>(i);
        sizes[i] += column.IsNull(row) ? 1 : static_cast<uint32_t>(1 + EscapedLength(column.GetView(row)));
      }
    } else if (column.type_id() == TypeId::kNull) {
      for (size_t i = 0; i < n; ++i) sizes[i] += 1;
    } else {
      int width = column.type()->byte_width();
      for (size_t i = 0; i < n; ++i) sizes[i] += column.IsNull(static_cast<int64_t>(i)) ? 1 : 1 + static_cast<uint32_t>(width);
    }
  }
  out->offsets.resize(n + 1);
  uint32_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    out->offsets[i] = total;
    total += sizes[i];
  }
  out->offsets[n] = total;
  out->bytes.resize(total);
  std::vector<uint32_t> cursor(out->offsets.begin(), out->offsets.end() - 1);
  uint8_t* bytes = out->bytes.data();
  for (size_t k = 0; k < keys.size(); ++k) {
    const Column& column = *keys[k];
    const SortOrder& order = orders[k];
    TypeId id = column.type_id();
    if (id == TypeId::kNull) {
      for (size_t i = 0; i < n; ++i) bytes[cursor[i]++] = order.nulls_first ? 0 : 2;
    } else if (column.type()->is_binary_like()) {
      WriteBinary(column, order, rows, cursor.data(), bytes);
    } else {
      VisitFixedWidth(id, [&](auto tag) { WriteFixed<typename decltype(tag)::Type>(column, order, rows, cursor.data(), bytes); });
    }
  }
  for (size_t i = 0; i < n; ++i) PutBigEndian(position_base + i, bytes + cursor[i], false);
}

}  // namespace sluice::engine
