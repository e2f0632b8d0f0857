// Growable output for variable-length values (string and binary columns): int64 end offsets
// plus the bytes, appended by the value decoders without a call or a check per value once room
// is reserved. Finish() hands the buffers to a columnar::Column.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <utility>

#include "columnar/buffer.h"

namespace sluice::formats::parquet {

class ByteArrayOutput {
 public:
  ByteArrayOutput() { Clear(); }

  int64_t count() const { return count_; }
  size_t bytes() const { return size_; }
  // count() + 1 offsets; offsets()[i + 1] is where value i ends.
  int64_t* offsets() { return offsets_->mutable_as<int64_t>(); }
  const int64_t* offsets() const { return offsets_->as<int64_t>(); }
  uint8_t* data() { return data_->mutable_data(); }
  const uint8_t* data() const { return data_->data(); }

  void ReserveValues(size_t more) {
    size_t needed = (static_cast<size_t>(count_) + more + 1) * sizeof(int64_t);
    if (needed > offsets_->capacity()) Grow(*offsets_, (static_cast<size_t>(count_) + 1) * sizeof(int64_t), needed);
  }
  // False (and nothing reserved) when the bytes would pass the byte limit.
  [[nodiscard]] bool ReserveBytes(size_t more) {
    if (more > byte_limit_ || size_ + more > byte_limit_) return false;
    if (size_ + more > data_->capacity()) Grow(*data_, size_, size_ + more);
    return true;
  }
  // The most bytes this output may hold (ReserveBytes refuses more).
  void set_byte_limit(size_t limit) { byte_limit_ = limit; }
  size_t byte_limit() const { return byte_limit_; }
  // REQUIRES: room reserved for one more value of n bytes.
  void UnsafeAppend(const void* bytes, size_t n) {
    if (n) std::memcpy(data_->mutable_data() + size_, bytes, n);
    size_ += n;
    offsets()[++count_] = static_cast<int64_t>(size_);
  }
  // The same for a value of at most kSmallValue bytes, copied as a whole kSmallValue-byte block
  // (no call per value). REQUIRES: kSmallValue readable bytes at `bytes`, and room reserved for
  // kSmallValue bytes past the end.
  static constexpr size_t kSmallValue = 16;
  void UnsafeAppendSmall(const void* bytes, size_t n) {
    std::memcpy(data_->mutable_data() + size_, bytes, kSmallValue);
    size_ += n;
    offsets()[++count_] = static_cast<int64_t>(size_);
  }
  // REQUIRES: room reserved for one more value.
  void UnsafeAppendEmpty() { offsets()[count_ + 1] = static_cast<int64_t>(size_), ++count_; }
  // False when the byte limit is reached.
  [[nodiscard]] bool Append(const void* bytes, size_t n) {
    ReserveValues(1);
    if (!ReserveBytes(n)) return false;
    UnsafeAppend(bytes, n);
    return true;
  }
  // Sets the value count: drops values past `count` (and their bytes), or takes in values whose
  // end offsets the caller wrote (after ReserveValues).
  void SetCount(int64_t count) {
    count_ = count;
    size_ = static_cast<size_t>(offsets()[count]);
  }
  // The offsets (count + 1) and bytes; the output is empty afterwards.
  std::pair<columnar::BufferPtr, columnar::BufferPtr> Finish() {
    offsets_->Resize((static_cast<size_t>(count_) + 1) * sizeof(int64_t));
    data_->Resize(size_);
    auto result = std::make_pair(std::move(offsets_), std::move(data_));
    Clear();
    return result;
  }

 private:
  // Buffer::Reserve keeps the buffer's logical size; ours is tracked here, so set it first.
  static void Grow(columnar::Buffer& buffer, size_t used, size_t needed) {
    buffer.Resize(used);
    buffer.Reserve(needed);
  }
  void Clear() {
    offsets_ = columnar::Buffer::Allocate(sizeof(int64_t));
    offsets_->mutable_as<int64_t>()[0] = 0;
    data_ = columnar::Buffer::Allocate(0);
    count_ = 0;
    size_ = 0;
  }
  columnar::BufferPtr offsets_;
  columnar::BufferPtr data_;
  int64_t count_ = 0;
  size_t size_ = 0;
  size_t byte_limit_ = size_t{1} << 40;
};

}  // namespace sluice::formats::parquet
