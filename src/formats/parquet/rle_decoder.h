// The RLE/bit-packed hybrid decoder: definition and repetition levels, dictionary indices and
// RLE booleans. Runs are either a repeated value or groups of 8 bit-packed values; the decoder
// streams them in batches, so memory does not depend on the run lengths a file claims.
//
// A truncated final bit-packed run yields the values its bytes hold (as other readers do); any
// other malformation (a header past the end, a bit width that is out of range) ends the stream
// and sets error().
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::formats::parquet {

class RleDecoder {
 public:
  RleDecoder() = default;
  // REQUIRES: 0 <= bit_width <= 32.
  RleDecoder(const uint8_t* data, size_t size, int bit_width) { Reset(data, size, bit_width); }
  void Reset(const uint8_t* data, size_t size, int bit_width);

  // Decodes up to `count` values; returns how many (fewer only at the end of the data).
  // T: uint8_t (booleans, width 1), uint16_t (levels), uint32_t (dictionary indices).
  template <typename T>
  size_t GetBatch(T* out, size_t count);

  bool error() const { return error_; }
  // Bytes of the data consumed by the runs read so far (for the encodings that follow levels).
  size_t bytes_consumed() const { return static_cast<size_t>(pos_ - data_); }

 private:
  bool NextRun();

  const uint8_t* data_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  bool error_ = false;
  // The current run.
  bool packed_ = false;
  uint64_t remaining_ = 0;       // values left in the run
  uint32_t repeated_value_ = 0;  // RLE run
  const uint8_t* packed_data_ = nullptr;  // bit-packed run: its bytes
  size_t packed_size_ = 0;
  size_t packed_index_ = 0;  // next value index within the run
};

}  // namespace sluice::formats::parquet
