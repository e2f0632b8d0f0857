// Row keys for hashing: the values of a row's key columns packed into one byte string (a NULL
// flag per column, then the value: fixed-width bytes with -0.0 and NaN normalised, strings as
// a 4-byte length and their bytes), with a 64-bit hash of it. Equal keys give equal bytes, so
// hash tables compare keys with memcmp whatever their types. Encoding and decoding run a column
// at a time in typed loops.
//
// Thread safety: pure functions over immutable columns; EncodedKeys belong to one thread.
#pragma once

#include <cstdint>
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
// The hash of one encoded key (the same function EncodeKeys uses).
uint64_t HashKey(std::string_view key);
// Rebuilds key columns from encoded keys: keys[g] points at group g's bytes.
std::vector<columnar::ColumnPtr> DecodeKeys(const std::vector<columnar::TypePtr>& types,
                                            const std::vector<const uint8_t*>& keys);

}  // namespace sluice::engine
