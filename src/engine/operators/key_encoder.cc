// Row key encoding: see key_encoder.h.
#include "engine/operators/key_encoder.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <absl/hash/hash.h>

#include "columnar/builder.h"
#include "engine/expr/physical_type.h"

namespace sluice::engine {

using columnar::Column;
using columnar::ColumnPtr;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

template <typename T>
T Normalise(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    if (value == 0) return T{0};  // -0.0 groups with 0.0
    if (std::isnan(value)) return std::numeric_limits<T>::quiet_NaN();
  }
  return value;
}

template <typename T>
void WriteFixed(const Column& column, int64_t rows, uint32_t* cursor, uint8_t* bytes) {
  const T* values = column.Values<T>();
  const bool has_nulls = column.null_count() > 0;
  for (int64_t i = 0; i < rows; ++i) {
    uint8_t* p = bytes + cursor[i];
    if (has_nulls && column.IsNull(i)) {
      *p = 0;
      cursor[i] += 1;
      continue;
    }
    *p = 1;
    T v = Normalise(values[i]);
    std::memcpy(p + 1, &v, sizeof(T));
    cursor[i] += 1 + sizeof(T);
  }
}

void WriteBinary(const Column& column, int64_t rows, uint32_t* cursor, uint8_t* bytes) {
  const int64_t* offsets = column.Offsets();
  const uint8_t* data = column.data()->data();
  for (int64_t i = 0; i < rows; ++i) {
    uint8_t* p = bytes + cursor[i];
    if (column.IsNull(i)) {
      *p = 0;
      cursor[i] += 1;
      continue;
    }
    *p = 1;
    auto length = static_cast<uint32_t>(offsets[i + 1] - offsets[i]);
    std::memcpy(p + 1, &length, 4);
    if (length) std::memcpy(p + 5, data + offsets[i], length);
    cursor[i] += 5 + length;
  }
}

template <typename T>
ColumnPtr ReadFixed(const TypePtr& type, std::vector<const uint8_t*>& cursor) {
  columnar::FixedWidthBuilder<T> builder(type);
  builder.Reserve(static_cast<int64_t>(cursor.size()));
  for (auto& p : cursor) {
    if (*p == 0) {
      builder.AppendNull();
      p += 1;
      continue;
    }
    T v;
    std::memcpy(&v, p + 1, sizeof(T));
    builder.UnsafeAppend(v);
    p += 1 + sizeof(T);
  }
  return builder.Finish();
}

ColumnPtr ReadBinary(const TypePtr& type, std::vector<const uint8_t*>& cursor) {
  columnar::StringBuilder builder(type);
  builder.Reserve(static_cast<int64_t>(cursor.size()));
  for (auto& p : cursor) {
    if (*p == 0) {
      builder.AppendNull();
      p += 1;
      continue;
    }
    uint32_t length;
    std::memcpy(&length, p + 1, 4);
    builder.Append(std::string_view(reinterpret_cast<const char*>(p + 5), length));
    p += 5 + length;
  }
  return builder.Finish();
}

}  // namespace

namespace {

inline uint64_t Mix(uint64_t a, uint64_t b) {
  unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

}  // namespace

uint64_t HashKey(std::string_view key) {
  const size_t n = key.size();
  if (n > 16) return absl::Hash<std::string_view>{}(key);
  const auto* p = reinterpret_cast<const uint8_t*>(key.data());
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = (uint64_t{p[0]} << 16) | (uint64_t{p[n / 2]} << 8) | p[n - 1];
  }
  constexpr uint64_t kSeed0 = 0xa0761d6478bd642fULL, kSeed1 = 0xe7037ed1a0b428dbULL, kSeed2 = 0x8ebc6af09c88c6e3ULL;
  return Mix(Mix(a ^ kSeed0, b ^ kSeed1), kSeed2 ^ n);
}

void EncodeKeys(const std::vector<ColumnPtr>& keys, int64_t rows, EncodedKeys* out) {
  const auto n = static_cast<size_t>(rows);
  std::vector<uint32_t> sizes(n, 0);
  out->has_null.assign(n, 0);
  uint32_t fixed = 0;
  for (const auto& key : keys) {
    const Column& column = *key;
    if (column.type()->is_binary_like()) {
      const int64_t* offsets = column.Offsets();
      for (size_t i = 0; i < n; ++i) {
        auto row = static_cast<int64_t>(i);
        if (column.IsNull(row)) {
          sizes[i] += 1;
          out->has_null[i] = 1;
        } else {
          sizes[i] += 5 + static_cast<uint32_t>(offsets[row + 1] - offsets[row]);
        }
      }
      continue;
    }
    auto width = static_cast<uint32_t>(column.type_id() == TypeId::kNull ? 0 : column.type()->byte_width());
    fixed += 1 + width;
    if (column.null_count() > 0 || column.type_id() == TypeId::kNull) {
      for (size_t i = 0; i < n; ++i) {
        if (column.IsNull(static_cast<int64_t>(i))) {
          sizes[i] -= width;  // wraps, then the fixed part is added back below
          out->has_null[i] = 1;
        }
      }
    }
  }
  out->offsets.resize(n + 1);
  uint32_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    out->offsets[i] = total;
    total += sizes[i] + fixed;
  }
  out->offsets[n] = total;
  out->bytes.resize(total);
  std::vector<uint32_t> cursor(out->offsets.begin(), out->offsets.end() - 1);
  uint8_t* bytes = out->bytes.data();
  for (const auto& key : keys) {
    const Column& column = *key;
    TypeId id = column.type_id();
    if (id == TypeId::kNull) {
      for (size_t i = 0; i < n; ++i) bytes[cursor[i]++] = 0;
    } else if (column.type()->is_binary_like()) {
      WriteBinary(column, rows, cursor.data(), bytes);
    } else {
      VisitFixedWidth(id, [&](auto tag) { WriteFixed<typename decltype(tag)::Type>(column, rows, cursor.data(), bytes); });
    }
  }
  out->hashes.resize(n);
  for (size_t i = 0; i < n; ++i) out->hashes[i] = HashKey(out->Key(static_cast<int64_t>(i)));
}

std::vector<ColumnPtr> DecodeKeys(const std::vector<TypePtr>& types, const std::vector<const uint8_t*>& keys) {
  std::vector<const uint8_t*> cursor = keys;
  std::vector<ColumnPtr> out;
  for (const auto& type : types) {
    if (type->id() == TypeId::kNull) {
      for (auto& p : cursor) p += 1;
      out.push_back(Column::MakeNull(type, static_cast<int64_t>(cursor.size())));
    } else if (type->is_binary_like()) {
      out.push_back(ReadBinary(type, cursor));
    } else {
      out.push_back(VisitFixedWidth(type->id(), [&](auto tag) { return ReadFixed<typename decltype(tag)::Type>(type, cursor); }));
    }
  }
  return out;
}

}  // namespace sluice::engine
