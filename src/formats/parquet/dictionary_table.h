// Open-addressing hash tables that give each distinct value its dictionary index, for the
// writer's dictionary encoding: one for fixed-width values (keyed by their bits, so -0.0, 0.0
// and each NaN stay distinct and round-trip exactly) and one for byte strings (kept in an arena;
// no allocation per value). Linear probing, power-of-two capacity, grown at half full.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::formats::parquet {

inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A hash of a byte string, 8 bytes at a time.
inline uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = (h ^ MixBits(word)) * 0x9e3779b97f4a7c15ULL;
  }
  if (i < size) {
    uint64_t word = 0;
    std::memcpy(&word, data + i, size - i);
    h = (h ^ MixBits(word)) * 0x9e3779b97f4a7c15ULL;
  }
  return MixBits(h);
}

// Keys are the values' bits (uint32_t or uint64_t).
template <typename Key>
class FixedDictionaryTable {
 public:
  FixedDictionaryTable() { Clear(); }
  void Clear() {
    slots_.assign(16, -1);
    keys_.clear();
  }
  // The index of `key`, inserting it when new (`*inserted` tells which).
  int32_t FindOrInsert(Key key, bool* inserted) {
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(MixBits(key)) & mask;
    while (true) {
      int32_t index = slots_[i];
      if (index < 0) break;
      if (keys_[static_cast<size_t>(index)] == key) {
        *inserted = false;
        return index;
      }
      i = (i + 1) & mask;
    }
    auto index = static_cast<int32_t>(keys_.size());
    slots_[i] = index;
    keys_.push_back(key);
    *inserted = true;
    if (keys_.size() * 2 > slots_.size()) Grow();
    return index;
  }
  size_t size() const { return keys_.size(); }
  // Keys by index.
  const std::vector<Key>& keys() const { return keys_; }

 private:
  void Grow() {
    std::vector<int32_t> slots(slots_.size() * 2, -1);
    size_t mask = slots.size() - 1;
    for (size_t index = 0; index < keys_.size(); ++index) {
      size_t i = static_cast<size_t>(MixBits(keys_[index])) & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = static_cast<int32_t>(index);
    }
    slots_.swap(slots);
  }
  std::vector<int32_t> slots_;
  std::vector<Key> keys_;
};

class BytesDictionaryTable {
 public:
  BytesDictionaryTable() { Clear(); }
  void Clear() {
    slots_.assign(16, Slot{-1, 0});
    arena_.clear();
    ends_.clear();
  }
  int32_t FindOrInsert(std::string_view value, bool* inserted) {
    uint64_t hash = HashBytes(value.data(), value.size());
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    while (true) {
      const Slot& slot = slots_[i];
      if (slot.index < 0) break;
      if (slot.hash == hash && Get(slot.index) == value) {
        *inserted = false;
        return slot.index;
      }
      i = (i + 1) & mask;
    }
    auto index = static_cast<int32_t>(ends_.size());
    slots_[i] = Slot{index, hash};
    arena_.append(value);
    ends_.push_back(arena_.size());
    *inserted = true;
    if (ends_.size() * 2 > slots_.size()) Grow();
    return index;
  }
  size_t size() const { return ends_.size(); }
  // Bytes of all entries.
  size_t bytes() const { return arena_.size(); }
  std::string_view Get(int32_t index) const {
    size_t begin = index == 0 ? 0 : ends_[static_cast<size_t>(index) - 1];
    return std::string_view(arena_).substr(begin, ends_[static_cast<size_t>(index)] - begin);
  }

 private:
  struct Slot {
    int32_t index;
    uint64_t hash;
  };
  void Grow() {
    std::vector<Slot> slots(slots_.size() * 2, Slot{-1, 0});
    size_t mask = slots.size() - 1;
    for (const Slot& slot : slots_) {
      if (slot.index < 0) continue;
      size_t i = static_cast<size_t>(slot.hash) & mask;
      while (slots[i].index >= 0) i = (i + 1) & mask;
      slots[i] = slot;
    }
    slots_.swap(slots);
  }
  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<size_t> ends_;
};

}  // namespace sluice::formats::parquet
