// The RLE/bit-packed hybrid encoder, for definition and repetition levels and dictionary
// indices: runs of 8 or more equal values become RLE runs, everything else bit-packed groups of
// 8 (the last group padded with zeros; readers stop at the count the page header gives).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sluice::formats::parquet {

// Appends the encoding of values[0, count) (each below 2^bit_width) to `out`, without a length
// prefix. REQUIRES: 0 <= bit_width <= 32.
void EncodeRle(const uint16_t* values, size_t count, int bit_width, std::string* out);
void EncodeRle(const uint32_t* values, size_t count, int bit_width, std::string* out);

}  // namespace sluice::formats::parquet
