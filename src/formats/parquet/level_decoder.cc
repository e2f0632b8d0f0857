// Level decoding: see level_decoder.h.
#include "formats/parquet/level_decoder.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "formats/parquet/bit_unpack.h"

namespace sluice::formats::parquet {

Status LevelDecoder::InitV1(Encoding encoding, int16_t max_level, int32_t num_values, const uint8_t* data,
                            size_t size, size_t* used) {
  max_level_ = max_level;
  bit_width_ = BitWidthOf(static_cast<uint64_t>(max_level));
  if (encoding == Encoding::kRle) {
    bit_packed_ = false;
    if (size < 4) return DataLoss("levels lack their length");
    uint32_t length;
    std::memcpy(&length, data, 4);
    if (length > size - 4) return DataLoss(fmt::format("levels of {} bytes run past the end of the page", length));
    rle_.Reset(data + 4, length, bit_width_);
    *used = 4 + length;
    return Status::Ok();
  }
  if (encoding == Encoding::kBitPacked) {
    bit_packed_ = true;
    uint64_t bytes = (static_cast<uint64_t>(num_values) * static_cast<uint64_t>(bit_width_) + 7) / 8;
    if (bytes > size) return DataLoss("bit-packed levels run past the end of the page");
    data_ = data;
    size_ = static_cast<size_t>(bytes);
    next_ = 0;
    *used = size_;
    return Status::Ok();
  }
  return DataLoss(fmt::format("levels in {} encoding", EncodingName(encoding)));
}

void LevelDecoder::InitV2(int16_t max_level, const uint8_t* data, size_t size) {
  max_level_ = max_level;
  bit_width_ = BitWidthOf(static_cast<uint64_t>(max_level));
  bit_packed_ = false;
  rle_.Reset(data, size, bit_width_);
}

Status LevelDecoder::Decode(uint16_t* out, size_t count) {
  if (bit_packed_) {
    if ((next_ + count) * static_cast<size_t>(bit_width_) > size_ * 8) return DataLoss("levels end early");
    for (size_t i = 0; i < count; ++i, ++next_) {
      uint16_t value = 0;
      size_t bit = next_ * static_cast<size_t>(bit_width_);
      for (int b = 0; b < bit_width_; ++b, ++bit) {
        value = static_cast<uint16_t>((value << 1) | ((data_[bit / 8] >> (7 - bit % 8)) & 1));
      }
      out[i] = value;
    }
  } else if (rle_.GetBatch(out, count) != count) {
    return DataLoss(rle_.error() ? "levels are malformed" : "levels end early");
  }
  uint16_t max = 0;
  for (size_t i = 0; i < count; ++i) max = std::max(max, out[i]);
  if (max > static_cast<uint16_t>(max_level_)) {
    return DataLoss(fmt::format("level {} exceeds the column's maximum of {}", max, max_level_));
  }
  return Status::Ok();
}

}  // namespace sluice::formats::parquet
