// DELTA_BINARY_PACKED: see delta_binary_packed.h.
#include "formats/parquet/delta_binary_packed.h"

#include <algorithm>

#include <fmt/format.h>

#include "formats/parquet/bit_unpack.h"

namespace sluice::formats::parquet {

namespace {

bool ReadVarint(const uint8_t*& pos, const uint8_t* end, uint64_t* out) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= end) return false;
    uint8_t byte = *pos++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      return true;
    }
  }
  return false;
}

bool ReadZigZag(const uint8_t*& pos, const uint8_t* end, int64_t* out) {
  uint64_t v;
  if (!ReadVarint(pos, end, &v)) return false;
  *out = static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  return true;
}

Status Malformed(std::string_view what) { return DataLoss(fmt::format("DELTA_BINARY_PACKED: {}", what)); }

}  // namespace

Status DeltaBinaryPackedReader::Init(const uint8_t* data, size_t size) {
  data_ = pos_ = data;
  end_ = data + size;
  int64_t first;
  if (!ReadVarint(pos_, end_, &values_per_block_) || !ReadVarint(pos_, end_, &miniblocks_per_block_) ||
      !ReadVarint(pos_, end_, &total_values_) || !ReadZigZag(pos_, end_, &first)) {
    return Malformed("truncated header");
  }
  if (values_per_block_ == 0 || values_per_block_ % 128 != 0 || values_per_block_ > (uint64_t{1} << 31)) {
    return Malformed(fmt::format("block size {} is not a positive multiple of 128", values_per_block_));
  }
  if (miniblocks_per_block_ == 0 || values_per_block_ % miniblocks_per_block_ != 0 ||
      (values_per_block_ / miniblocks_per_block_) % 32 != 0) {
    return Malformed(fmt::format("{} miniblocks do not split a block of {} values into multiples of 32",
                                 miniblocks_per_block_, values_per_block_));
  }
  values_per_miniblock_ = values_per_block_ / miniblocks_per_block_;
  values_left_ = total_values_;
  first_pending_ = true;
  last_ = first;
  miniblock_index_ = miniblocks_per_block_;
  miniblock_values_ = 0;
  bit_widths_ = nullptr;
  return Status::Ok();
}

Status DeltaBinaryPackedReader::ReadBlockHeader() {
  if (!ReadZigZag(pos_, end_, &min_delta_)) return Malformed("truncated block header");
  if (static_cast<uint64_t>(end_ - pos_) < miniblocks_per_block_) return Malformed("truncated bit widths");
  bit_widths_ = pos_;
  pos_ += miniblocks_per_block_;
  miniblock_index_ = 0;
  return Status::Ok();
}

Status DeltaBinaryPackedReader::NextMiniblock() {
  if (miniblock_index_ + 1 >= miniblocks_per_block_ || bit_widths_ == nullptr) {
    RETURN_IF_ERROR(ReadBlockHeader());
  } else {
    ++miniblock_index_;
  }
  int width = bit_widths_[miniblock_index_];
  if (width > 64) return Malformed(fmt::format("bit width {} is wider than 64", width));
  // Deltas still to come (the first value is not a delta).
  uint64_t deltas_left = values_left_ - (first_pending_ ? 1 : 0);
  uint64_t yields = std::min(values_per_miniblock_, deltas_left);
  // A full miniblock is stored even when partly used; accept a last one cut to what it holds.
  uint64_t full_bytes = values_per_miniblock_ * static_cast<uint64_t>(width) / 8;
  uint64_t needed_bytes = (yields * static_cast<uint64_t>(width) + 7) / 8;
  auto available = static_cast<uint64_t>(end_ - pos_);
  if (needed_bytes > available) return Malformed("miniblock runs past the end of the page");
  uint64_t bytes = std::min(full_bytes, available);
  miniblock_data_ = pos_;
  miniblock_size_ = static_cast<size_t>(bytes);
  miniblock_width_ = width;
  miniblock_used_ = 0;
  miniblock_values_ = yields;
  pos_ += bytes;
  return Status::Ok();
}

Status DeltaBinaryPackedReader::Next(int64_t* out, size_t count) {
  if (count > values_left_) {
    return Malformed(fmt::format("asked for {} values, {} remain", count, values_left_));
  }
  size_t done = 0;
  if (count > 0 && first_pending_) {
    out[done++] = last_;
    first_pending_ = false;
    --values_left_;
  }
  uint64_t deltas[256];
  while (done < count) {
    if (miniblock_values_ == 0) RETURN_IF_ERROR(NextMiniblock());
    size_t n = static_cast<size_t>(std::min<uint64_t>({miniblock_values_, count - done, 256}));
    UnpackBits<uint64_t>(miniblock_data_, miniblock_size_, miniblock_width_, static_cast<size_t>(miniblock_used_), n,
                         deltas);
    auto last = static_cast<uint64_t>(last_);
    auto min_delta = static_cast<uint64_t>(min_delta_);
    for (size_t k = 0; k < n; ++k) {
      last += min_delta + deltas[k];
      out[done + k] = static_cast<int64_t>(last);
    }
    last_ = static_cast<int64_t>(last);
    miniblock_used_ += n;
    miniblock_values_ -= n;
    values_left_ -= n;
    done += n;
  }
  return Status::Ok();
}

Result<size_t> DeltaBinaryPackedReader::SkipToEnd() {
  if (values_left_ > 0 && first_pending_) {
    first_pending_ = false;
    --values_left_;
  }
  // Finish the current miniblock, then walk whole miniblocks without unpacking them.
  values_left_ -= std::min(values_left_, miniblock_values_);
  miniblock_values_ = 0;
  while (values_left_ > 0) {
    RETURN_IF_ERROR(NextMiniblock());
    values_left_ -= miniblock_values_;
    miniblock_values_ = 0;
  }
  return static_cast<size_t>(pos_ - data_);
}

namespace {

void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void PutZigZag(int64_t value, std::string* out) {
  PutVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63), out);
}

}  // namespace

void EncodeDeltaBinaryPacked(const int64_t* values, size_t count, std::string* out) {
  constexpr size_t kBlock = 128, kMiniblocks = 4, kPerMiniblock = kBlock / kMiniblocks;
  PutVarint(kBlock, out);
  PutVarint(kMiniblocks, out);
  PutVarint(count, out);
  PutZigZag(count ? values[0] : 0, out);
  uint64_t deltas[kBlock];
  for (size_t start = 1; start < count; start += kBlock) {
    size_t n = std::min(kBlock, count - start);
    auto min_delta = static_cast<int64_t>(static_cast<uint64_t>(values[start]) - static_cast<uint64_t>(values[start - 1]));
    for (size_t k = 0; k < n; ++k) {
      auto delta = static_cast<int64_t>(static_cast<uint64_t>(values[start + k]) -
                                        static_cast<uint64_t>(values[start + k - 1]));
      min_delta = std::min(min_delta, delta);
    }
    for (size_t k = 0; k < n; ++k) {
      uint64_t delta = static_cast<uint64_t>(values[start + k]) - static_cast<uint64_t>(values[start + k - 1]);
      deltas[k] = delta - static_cast<uint64_t>(min_delta);
    }
    std::fill(deltas + n, deltas + kBlock, 0);
    PutZigZag(min_delta, out);
    size_t used_miniblocks = (n + kPerMiniblock - 1) / kPerMiniblock;
    int widths[kMiniblocks] = {0, 0, 0, 0};
    for (size_t m = 0; m < used_miniblocks; ++m) {
      uint64_t max = 0;
      for (size_t k = 0; k < kPerMiniblock; ++k) max = std::max(max, deltas[m * kPerMiniblock + k]);
      widths[m] = BitWidthOf(max);
    }
    for (int w : widths) out->push_back(static_cast<char>(w));
    for (size_t m = 0; m < used_miniblocks; ++m) {
      size_t bytes = kPerMiniblock * static_cast<size_t>(widths[m]) / 8;
      size_t old = out->size();
      out->resize(old + bytes, '\0');
      PackBits(deltas + m * kPerMiniblock, kPerMiniblock, widths[m], reinterpret_cast<uint8_t*>(out->data() + old));
    }
  }
}

}  // namespace sluice::formats::parquet
