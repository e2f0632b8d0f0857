// RLE/bit-packed hybrid decoding: see rle_decoder.h.
#include "formats/parquet/rle_decoder.h"

#include <algorithm>

#include "formats/parquet/bit_unpack.h"

namespace sluice::formats::parquet {

void RleDecoder::Reset(const uint8_t* data, size_t size, int bit_width) {
  data_ = pos_ = data;
  end_ = data + size;
  bit_width_ = bit_width;
  error_ = bit_width < 0 || bit_width > 32;
  remaining_ = 0;
  packed_ = false;
}

bool RleDecoder::NextRun() {
  if (error_ || pos_ >= end_) return false;
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (pos_ >= end_ || shift > 63) {
      error_ = true;
      return false;
    }
    uint8_t byte = *pos_++;
    header |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (header & 1) {
    // Bit-packed: (header >> 1) groups of 8 values, bit_width bytes per group.
    uint64_t groups = header >> 1;
    auto available = static_cast<uint64_t>(end_ - pos_);
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    if (groups > available || bytes > available) bytes = available;  // a truncated last run
    packed_ = true;
    packed_data_ = pos_;
    packed_size_ = static_cast<size_t>(bytes);
    packed_index_ = 0;
    remaining_ = bit_width_ == 0 ? groups * 8 : std::min<uint64_t>(groups * 8, bytes * 8 / static_cast<uint64_t>(bit_width_));
    pos_ += bytes;
  } else {
    // RLE: (header >> 1) repeats of a value stored in ceil(bit_width / 8) bytes.
    int width_bytes = (bit_width_ + 7) / 8;
    if (end_ - pos_ < width_bytes) {
      error_ = true;
      return false;
    }
    uint32_t value = 0;
    for (int i = 0; i < width_bytes; ++i) value |= static_cast<uint32_t>(pos_[i]) << (8 * i);
    pos_ += width_bytes;
    packed_ = false;
    repeated_value_ = value;
    remaining_ = header >> 1;
  }
  return true;
}

template <typename T>
size_t RleDecoder::GetBatch(T* out, size_t count) {
  size_t done = 0;
  while (done < count) {
    if (remaining_ == 0) {
      if (!NextRun()) break;
      continue;
    }
    size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, count - done));
    if (packed_) {
      if constexpr (sizeof(T) == 1) {
        // Booleans: width 1 only (checked by the caller); anything wider is truncated to a byte.
        UnpackBits<uint8_t>(packed_data_, packed_size_, std::min(bit_width_, 8), packed_index_, n, out + done);
      } else {
        UnpackBits<T>(packed_data_, packed_size_, std::min<int>(bit_width_, 8 * sizeof(T)), packed_index_, n,
                      out + done);
      }
      packed_index_ += n;
    } else {
      std::fill(out + done, out + done + n, static_cast<T>(repeated_value_));
    }
    remaining_ -= n;
    done += n;
  }
  return done;
}

template size_t RleDecoder::GetBatch<uint8_t>(uint8_t*, size_t);
template size_t RleDecoder::GetBatch<uint16_t>(uint16_t*, size_t);
template size_t RleDecoder::GetBatch<uint32_t>(uint32_t*, size_t);

}  // namespace sluice::formats::parquet
