// Normalised sort keys: each row's sort key values encoded as bytes whose memcmp order is the
// requested order (per key: ascending or descending, NULLs first or last), followed by the row's
// position in the input so that equal keys keep their input order (a stable sort) and every
// key is unique. Sorting then compares an 8-byte prefix, and the rest with memcmp, whatever the
// key types — no per-row type dispatch.
//
// Encoding per key column: a NULL marker byte (0 sorts before 1 before 2: NULL first = 0,
// value = 1, NULL last = 2), then for values: integers big-endian with the sign bit flipped;
// floats as their bits made sortable (-0.0 as 0.0, NaN above +inf, as Spark orders them);
// decimals as 16 big-endian bytes; strings with 0x00 escaped as 0x00 0xFF and ended by 0x00
// 0x00. Descending keys invert the value bytes.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "columnar/column.h"

namespace sluice::engine {

struct SortOrder {
  bool ascending = true;
  bool nulls_first = true;
};

struct SortKeys {
  std::vector<uint32_t> offsets;  // rows + 1
  std::vector<uint8_t> bytes;
  std::string_view Key(int64_t row) const {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()) + offsets[static_cast<size_t>(row)],
                            offsets[static_cast<size_t>(row) + 1] - offsets[static_cast<size_t>(row)]);
  }
};

// Encodes `rows` rows; row i's key ends with position_base + i (8 bytes, big-endian).
void EncodeSortKeys(const std::vector<columnar::ColumnPtr>& keys, const std::vector<SortOrder>& orders, int64_t rows,
                    uint64_t position_base, SortKeys* out);

// The first 8 bytes of a key as a big-endian number (zero-padded), for fast comparisons.
inline uint64_t KeyPrefix(std::string_view key) {
  uint64_t prefix = 0;
  size_t n = key.size() < 8 ? key.size() : 8;
  for (size_t i = 0; i < n; ++i) prefix |= static_cast<uint64_t>(static_cast<uint8_t>(key[i])) << (56 - 8 * i);
  return prefix;
}

}  // namespace sluice::engine
