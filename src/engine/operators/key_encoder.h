// Row keys for hashing: the values of a row's key columns packed into one byte string (a NULL
// flag per column, then the value: fixed-width bytes with -0.0 and NaN normalised, strings as
// a 4-byte length and their bytes), with a 64-bit hash of it. Equal keys give equal bytes, so
// hash tables compare keys with memcmp whatever their types. Encoding and decoding run a column
// at a time in typed loops.
//
// Thread safety: pure functions over immutable columns; EncodedKeys belong to one thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "columnar/type.h"

namespace sluice::engine {

struct EncodedKeys {
  std::vector<uint32_t> offsets;  // rows + 1
  std::vector<uint8_t> bytes;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> has_null;  // 1 when any key column is NULL in that row
  std::string_view Key(int64_t row) const {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()) + offsets[static_cast<size_t>(row)],
                            offsets[static_cast<size_t>(row) + 1] - offsets[static_cast<size_t>(row)]);
  }
};

// Encodes `rows` rows of the key columns (all `rows` long, non-nested types).
void EncodeKeys(const std::vector<columnar::ColumnPtr>& keys, int64_t rows, EncodedKeys* out);
// The hash of one encoded key (the same function EncodeKeys uses): keys of up to 16 bytes
// (most single-column keys) take a few multiplications; longer ones absl's hash.
uint64_t HashKey(std::string_view key);
// Whether two encoded keys are equal; short keys compare with two loads instead of memcmp.
inline bool SameKey(const uint8_t* a, const uint8_t* b, size_t size) {
  if (size <= 16 && size >= 8) {
    uint64_t a0, b0, a1, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + size - 8, 8);
    std::memcpy(&b1, b + size - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return std::memcmp(a, b, size) == 0;
}
// Rebuilds key columns from encoded keys: keys[g] points at group g's bytes.
std::vector<columnar::ColumnPtr> DecodeKeys(const std::vector<columnar::TypePtr>& types,
                                            const std::vector<const uint8_t*>& keys);

}  // namespace sluice::engine
