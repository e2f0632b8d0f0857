// Definition and repetition levels of one data page: RLE (v1 pages carry a 4-byte length in
// front; v2 pages give the length in the header) or the deprecated BIT_PACKED encoding
// (most significant bit first). Every level is checked against the column's maximum.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/status.h"
#include "formats/parquet/parquet_types.h"
#include "formats/parquet/rle_decoder.h"

namespace sluice::formats::parquet {

class LevelDecoder {
 public:
  // Data page v1: the levels start at `data`; `*used` is set to the bytes they take.
  Status InitV1(Encoding encoding, int16_t max_level, int32_t num_values, const uint8_t* data, size_t size,
                size_t* used);
  // Data page v2: exactly `size` bytes of RLE levels.
  void InitV2(int16_t max_level, const uint8_t* data, size_t size);

  // Decodes the next `count` levels. DataLoss when the levels end early or one exceeds the
  // maximum.
  Status Decode(uint16_t* out, size_t count);

 private:
  int16_t max_level_ = 0;
  bool bit_packed_ = false;
  RleDecoder rle_;
  // BIT_PACKED
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t next_ = 0;  // value index
  int bit_width_ = 0;
};

}  // namespace sluice::formats::parquet
