// Buffer: a contiguous, 64-byte-aligned block of memory holding one buffer of a column
// (validity bits, fixed-width values, offsets, or string bytes). Buffers are immutable once a
// column is built and shared between columns and slices; a buffer can also wrap memory owned
// by someone else (an mmapped file) and keep that owner alive.
//
// Thread safety: a finished buffer is immutable and may be read from any thread. Mutation is
// for builders only, before the buffer is shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace sluice::columnar {

class Buffer {
 public:
  // Allocates `size` bytes (contents undefined), capacity rounded up to 64 bytes.
  static std::shared_ptr<Buffer> Allocate(size_t size);
  // Allocates `size` zeroed bytes.
  static std::shared_ptr<Buffer> AllocateZeroed(size_t size);
  // A read-only view of external memory; `owner` is kept alive as long as the buffer.
  static std::shared_ptr<Buffer> Wrap(const void* data, size_t size, std::shared_ptr<const void> owner);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  const uint8_t* data() const { return data_; }
  // REQUIRES: an allocated (not wrapped) buffer.
  uint8_t* mutable_data() { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  // Grows or shrinks the logical size, reallocating (and copying) when capacity is exceeded;
  // capacity at least doubles. REQUIRES: an allocated buffer.
  void Resize(size_t size);
  void Reserve(size_t capacity);

  template <typename T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_as() {
    return reinterpret_cast<T*>(data_);
  }

 private:
  Buffer() = default;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool owned_ = false;
  std::shared_ptr<const void> owner_;
};

using BufferPtr = std::shared_ptr<Buffer>;

// Validity bitmaps (LSB first; a set bit means the value is present).
inline bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bits, int64_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void ClearBit(uint8_t* bits, int64_t i) { bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline size_t BitmapBytes(int64_t bits) { return static_cast<size_t>((bits + 7) / 8); }
// Number of set bits in [offset, offset + length).
int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length);

}  // namespace sluice::columnar
