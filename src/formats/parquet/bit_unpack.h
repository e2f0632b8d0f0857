// Bit-packing as Parquet stores it (values of a fixed bit width, packed least significant bit
// first): the unpacking behind the RLE/bit-packed hybrid (levels, dictionary indices, booleans)
// and DELTA_BINARY_PACKED miniblocks, and the packing the writer uses. Specialised per bit width
// so that the compiler unrolls each group of 8 values.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::formats::parquet {

// Unpacks `count` values of `bit_width` bits starting at value index `first` (bit offset
// first * bit_width) of `in`. REQUIRES: 0 <= bit_width <= 8 * sizeof(T) and `in` holds
// ceil((first + count) * bit_width / 8) bytes (`in_size` may be larger; reads never pass it).
template <typename T>
void UnpackBits(const uint8_t* in, size_t in_size, int bit_width, size_t first, size_t count, T* out);

// Packs `count` values (each below 2^bit_width) into ceil(count * bit_width / 8) bytes at
// `out`, which must be zeroed. REQUIRES: 0 <= bit_width <= 64.
void PackBits(const uint64_t* values, size_t count, int bit_width, uint8_t* out);
void PackBits32(const uint32_t* values, size_t count, int bit_width, uint8_t* out);

// The number of bits needed for `value` (0 for 0).
inline int BitWidthOf(uint64_t value) { return value == 0 ? 0 : 64 - __builtin_clzll(value); }

}  // namespace sluice::formats::parquet
