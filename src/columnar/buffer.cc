// Aligned buffers: see buffer.h.
#include "columnar/buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace sluice::columnar {

namespace {
constexpr size_t kAlignment = 64;

size_t RoundUp(size_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

uint8_t* AlignedAllocate(size_t capacity) {
  void* p = std::aligned_alloc(kAlignment, capacity == 0 ? kAlignment : capacity);
  if (!p) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}
}  // namespace

std::shared_ptr<Buffer> Buffer::Allocate(size_t size) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->capacity_ = RoundUp(size);
  buffer->data_ = AlignedAllocate(buffer->capacity_);
  buffer->size_ = size;
  buffer->owned_ = true;
  // Padding past size is zeroed so that vectorised readers never see garbage.
  if (buffer->capacity_ > size) std::memset(buffer->data_ + size, 0, buffer->capacity_ - size);
  return buffer;
}

std::shared_ptr<Buffer> Buffer::AllocateZeroed(size_t size) {
  auto buffer = Allocate(size);
  std::memset(buffer->data_, 0, size);
  return buffer;
}

std::shared_ptr<Buffer> Buffer::Wrap(const void* data, size_t size, std::shared_ptr<const void> owner) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->data_ = const_cast<uint8_t*>(static_cast<const uint8_t*>(data));
  buffer->size_ = size;
  buffer->capacity_ = size;
  buffer->owner_ = std::move(owner);
  return buffer;
}

Buffer::~Buffer() {
  if (owned_) std::free(data_);
}

void Buffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  size_t grown = std::max(RoundUp(capacity), capacity_ * 2);
  uint8_t* fresh = AlignedAllocate(grown);
  if (size_ > 0) std::memcpy(fresh, data_, size_);
  std::memset(fresh + size_, 0, grown - size_);
  std::free(data_);
  data_ = fresh;
  capacity_ = grown;
}

void Buffer::Resize(size_t size) {
  Reserve(size);
  size_ = size;
}

int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t i = offset;
  const int64_t end = offset + length;
  for (; i < end && (i & 7) != 0; ++i) count += GetBit(bits, i);
  for (; i + 64 <= end; i += 64) {
    uint64_t word;
    std::memcpy(&word, bits + (i >> 3), sizeof(word));
    count += __builtin_popcountll(word);
  }
  for (; i < end; ++i) count += GetBit(bits, i);
  return count;
}

}  // namespace sluice::columnar
