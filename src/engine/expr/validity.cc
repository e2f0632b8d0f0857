// Validity bitmaps: see validity.h.
#include "engine/expr/validity.h"

#include <cstring>

namespace sluice::engine {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Column;

uint64_t LoadBits(const uint8_t* bits, int64_t offset, int64_t available) {
  const uint8_t* p = bits + (offset >> 3);
  int shift = static_cast<int>(offset & 7);
  int64_t bytes = (shift + available + 7) / 8;  // bytes that hold the wanted bits
  uint64_t low = 0;
  uint8_t extra = 0;
  if (bytes >= 8) {
    std::memcpy(&low, p, 8);
    if (bytes > 8) extra = p[8];
  } else {
    std::memcpy(&low, p, static_cast<size_t>(bytes));
  }
  uint64_t word = low >> shift;
  if (shift != 0) word |= static_cast<uint64_t>(extra) << (64 - shift);
  if (available < 64) word &= (uint64_t{1} << available) - 1;
  return word;
}

namespace {

BufferPtr AllocateWords(int64_t rows) {
  size_t words = static_cast<size_t>((rows + 63) / 64);
  auto buffer = Buffer::Allocate(words * 8);
  buffer->Resize(columnar::BitmapBytes(rows));
  return buffer;
}

}  // namespace

BufferPtr AllValidBitmap(int64_t rows) {
  auto buffer = AllocateWords(rows);
  std::memset(buffer->mutable_data(), 0xff, static_cast<size_t>((rows + 63) / 64) * 8);
  return buffer;
}

BufferPtr CopyValidity(const Column& column) {
  if (column.null_count() == 0 || !column.validity()) return nullptr;
  return AndValidity({&column}, column.length());
}

BufferPtr AndValidity(const std::vector<const Column*>& columns, int64_t rows) {
  std::vector<const Column*> with_nulls;
  for (const Column* column : columns) {
    if (column && column->null_count() > 0 && column->validity()) with_nulls.push_back(column);
  }
  if (with_nulls.empty()) return nullptr;
  auto out = AllocateWords(rows);
  uint64_t* words = out->mutable_as<uint64_t>();
  for (int64_t w = 0; w * 64 < rows; ++w) {
    int64_t available = rows - w * 64 < 64 ? rows - w * 64 : 64;
    uint64_t word = ~uint64_t{0};
    for (const Column* column : with_nulls) {
      word &= LoadBits(column->validity()->data(), column->offset() + w * 64, available);
    }
    words[w] = word;
  }
  return out;
}

ValidityWriter::ValidityWriter(const BufferPtr& initial, int64_t rows) : rows_(rows) {
  if (initial) {
    bits_ = AllocateWords(rows);
    std::memcpy(bits_->mutable_data(), initial->data(), columnar::BitmapBytes(rows));
  }
}

void ValidityWriter::SetNull(int64_t row) {
  if (!bits_) bits_ = AllValidBitmap(rows_);
  columnar::ClearBit(bits_->mutable_data(), row);
}

BufferPtr ValidityWriter::Finish(int64_t* null_count) {
  if (!bits_) {
    *null_count = 0;
    return nullptr;
  }
  *null_count = rows_ - columnar::CountSetBits(bits_->data(), 0, rows_);
  if (*null_count == 0) return nullptr;
  return std::move(bits_);
}

}  // namespace sluice::engine
