// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first value),
// then blocks of a minimum delta, one bit width per miniblock and the bit-packed deltas. The
// reader decodes in batches straight from the bytes (no per-block buffer) and can skip to the
// end of the stream cheaply, which DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY need to find
// where their next section starts. The encoder is used by the writer's tests and the fuzz
// corpus, and for DELTA encodings written on request.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace sluice::formats::parquet {

class DeltaBinaryPackedReader {
 public:
  // Parses the header. DataLoss when it is malformed (block size not a multiple of 128,
  // miniblocks not holding a multiple of 32 values, truncated varints).
  Status Init(const uint8_t* data, size_t size);
  // Values the header announces (including the first).
  uint64_t total_values() const { return total_values_; }
  uint64_t values_left() const { return values_left_; }
  // Decodes the next `count` values with wrapping 64-bit arithmetic (INT32 columns take the low
  // 32 bits). DataLoss past the announced count or the end of the bytes.
  Status Next(int64_t* out, size_t count);
  // Skips the remaining values and returns the offset (from the start of the data) where the
  // stream ends. The reader is left at the end.
  Result<size_t> SkipToEnd();

 private:
  Status NextMiniblock();
  Status ReadBlockHeader();

  const uint8_t* data_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t values_per_block_ = 0;
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t values_left_ = 0;  // not yet returned
  bool first_pending_ = true;
  int64_t last_ = 0;
  // The current block and miniblock.
  int64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  uint64_t miniblock_index_ = 0;  // within the block; == miniblocks_per_block_ before the first
  const uint8_t* miniblock_data_ = nullptr;
  size_t miniblock_size_ = 0;
  int miniblock_width_ = 0;
  uint64_t miniblock_used_ = 0;
  uint64_t miniblock_values_ = 0;  // values this miniblock still yields
};

// Appends the DELTA_BINARY_PACKED encoding of values[0, count) (block of 128, 4 miniblocks).
void EncodeDeltaBinaryPacked(const int64_t* values, size_t count, std::string* out);

}  // namespace sluice::formats::parquet
