// Leaf columns under construction: see leaf_builder.h.
#include "formats/parquet/leaf_builder.h"

#include <algorithm>

namespace sluice::formats::parquet {

using columnar::Buffer;

void LeafBuilder::Reset(int width) {
  width_ = width;
  values_ = Buffer::Allocate(0);
  length_ = 0;
  strings_ = ByteArrayOutput();
  strings_.set_byte_limit(byte_limit_);
  validity_.reset();
  validity_length_ = 0;
  null_count_ = 0;
}

void LeafBuilder::Reserve(int64_t slots, size_t bytes) {
  if (width_ > 0) {
    ClaimFixed(static_cast<size_t>(slots));
  } else if (width_ == 0) {
    strings_.ReserveValues(static_cast<size_t>(slots));
    (void)strings_.ReserveBytes(bytes);
  }
}

uint8_t* LeafBuilder::ClaimFixed(size_t n) {
  auto w = static_cast<size_t>(width_);
  size_t used = static_cast<size_t>(length_) * w;
  size_t needed = used + n * w;
  if (needed > values_->capacity()) {
    values_->Resize(used);  // Reserve keeps the buffer's own size
    values_->Reserve(needed);
  }
  return values_->mutable_data() + used;
}

void LeafBuilder::MaterialiseValidity() {
  validity_ = Buffer::Allocate(0);
  validity_->Reserve(columnar::BitmapBytes(validity_length_ + 1024));
  validity_->Resize(columnar::BitmapBytes(validity_length_));
  std::memset(validity_->mutable_data(), 0xff, validity_->size());
  // Bits past validity_length_ in the last byte must read as 0 for the appends below.
  if (validity_length_ % 8 != 0) {
    validity_->mutable_data()[validity_length_ / 8] = static_cast<uint8_t>((1u << (validity_length_ % 8)) - 1);
  }
}

void LeafBuilder::AppendValid(int64_t n) {
  if (validity_) {
    int64_t end = validity_length_ + n;
    validity_->Resize(columnar::BitmapBytes(end));
    uint8_t* bits = validity_->mutable_data();
    int64_t i = validity_length_;
    for (; i < end && (i & 7) != 0; ++i) columnar::SetBit(bits, i);
    if (i < end) {
      int64_t full = (end - i) / 8;
      std::memset(bits + i / 8, 0xff, static_cast<size_t>(full));
      for (i += full * 8; i < end; ++i) columnar::SetBit(bits, i);
    }
  }
  validity_length_ += n;
}

void LeafBuilder::AppendValidity(const uint8_t* valid, int64_t n) {
  int64_t present = 0;
  for (int64_t i = 0; i < n; ++i) present += valid[i];
  if (present == n) {
    AppendValid(n);
    return;
  }
  if (!validity_) MaterialiseValidity();
  int64_t end = validity_length_ + n;
  validity_->Resize(columnar::BitmapBytes(end));
  uint8_t* bits = validity_->mutable_data();
  int64_t i = validity_length_;
  const uint8_t* v = valid;
  // Bytes past the old end are zero (fresh capacity is zeroed); set the present bits.
  for (; i < end && (i & 7) != 0; ++i, ++v) bits[i >> 3] |= static_cast<uint8_t>(*v << (i & 7));
  for (; i + 8 <= end; i += 8, v += 8) {
    bits[i >> 3] = static_cast<uint8_t>(v[0] | (v[1] << 1) | (v[2] << 2) | (v[3] << 3) | (v[4] << 4) | (v[5] << 5) |
                                        (v[6] << 6) | (v[7] << 7));
  }
  for (; i < end; ++i, ++v) bits[i >> 3] |= static_cast<uint8_t>(*v << (i & 7));
  validity_length_ = end;
  null_count_ += n - present;
}

namespace {

template <size_t W>
void SpreadFixed(uint8_t* base, const uint8_t* bits, int64_t first_bit, int64_t slots, int64_t dense) {
  int64_t j = dense;
  for (int64_t s = slots - 1; s >= 0; --s) {
    if (columnar::GetBit(bits, first_bit + s)) {
      --j;
      if (j != s) std::memcpy(base + static_cast<size_t>(s) * W, base + static_cast<size_t>(j) * W, W);
    } else {
      std::memset(base + static_cast<size_t>(s) * W, 0, W);
    }
  }
}

void SpreadFixedAnyWidth(uint8_t* base, size_t w, const uint8_t* bits, int64_t first_bit, int64_t slots,
                         int64_t dense) {
  int64_t j = dense;
  for (int64_t s = slots - 1; s >= 0; --s) {
    if (columnar::GetBit(bits, first_bit + s)) {
      --j;
      if (j != s) std::memmove(base + static_cast<size_t>(s) * w, base + static_cast<size_t>(j) * w, w);
    } else {
      std::memset(base + static_cast<size_t>(s) * w, 0, w);
    }
  }
}

}  // namespace

void LeafBuilder::Spread(int64_t slots, int64_t dense) {
  if (width_ < 0) {
    length_ += slots;
    return;
  }
  if (dense == slots) return;
  const uint8_t* bits = validity_->data();
  int64_t first_bit = validity_length_ - slots;
  if (width_ == 0) {
    int64_t start = strings_.count() - dense;
    strings_.ReserveValues(static_cast<size_t>(slots - dense));
    int64_t* offsets = strings_.offsets() + start;
    int64_t j = dense;
    for (int64_t s = slots - 1; s >= 0; --s) {
      bool valid = columnar::GetBit(bits, first_bit + s);
      offsets[s + 1] = offsets[j];
      if (valid) --j;
    }
    strings_.SetCount(start + slots);
    return;
  }
  int64_t start = length_ - dense;
  ClaimFixed(static_cast<size_t>(slots - dense));
  uint8_t* base = values_->mutable_data() + static_cast<size_t>(start) * static_cast<size_t>(width_);
  switch (width_) {
    case 1: SpreadFixed<1>(base, bits, first_bit, slots, dense); break;
    case 2: SpreadFixed<2>(base, bits, first_bit, slots, dense); break;
    case 4: SpreadFixed<4>(base, bits, first_bit, slots, dense); break;
    case 8: SpreadFixed<8>(base, bits, first_bit, slots, dense); break;
    case 16: SpreadFixed<16>(base, bits, first_bit, slots, dense); break;
    default: SpreadFixedAnyWidth(base, static_cast<size_t>(width_), bits, first_bit, slots, dense);
  }
  length_ = start + slots;
}

columnar::ColumnPtr LeafBuilder::Finish(const columnar::TypePtr& type) {
  int64_t slots = validity_length_;
  int64_t nulls = null_count_;
  columnar::ColumnPtr column;
  if (width_ < 0) {
    column = columnar::Column::MakeNull(type, slots);
  } else {
    columnar::BufferPtr validity = nulls > 0 ? std::move(validity_) : nullptr;
    if (validity) validity->Resize(columnar::BitmapBytes(slots));
    if (width_ == 0) {
      auto [offsets, data] = strings_.Finish();
      column = columnar::Column::Make(type, slots, std::move(validity), std::move(offsets), std::move(data), {}, nulls);
    } else {
      values_->Resize(static_cast<size_t>(length_) * static_cast<size_t>(width_));
      column = columnar::Column::Make(type, slots, std::move(validity), std::move(values_), nullptr, {}, nulls);
    }
  }
  Reset(width_);
  return column;
}

}  // namespace sluice::formats::parquet
