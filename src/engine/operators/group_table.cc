// Group table: see group_table.h.
#include "engine/operators/group_table.h"

#include <cstring>

namespace sluice::engine {

namespace {
constexpr uint64_t kInitialSlots = 1024;
}

GroupTable::GroupTable() : slots_(kInitialSlots, 0), mask_(kInitialSlots - 1), key_offsets_{0} {}

uint32_t GroupTable::FindOrAdd(uint64_t hash, std::string_view key) {
  const uint64_t tag = hash & 0xffffffff00000000ULL;
  uint64_t i = (hash ^ (hash >> 29)) & mask_;
  while (true) {
    uint64_t slot = slots_[i];
    if (slot == 0) break;
    if ((slot & 0xffffffff00000000ULL) == tag) {
      auto group = static_cast<uint32_t>((slot & 0xffffffffULL) - 1);
      uint64_t begin = key_offsets_[group], end = key_offsets_[group + 1];
      if (end - begin == key.size() &&
          SameKey(arena_.data() + begin, reinterpret_cast<const uint8_t*>(key.data()), key.size())) {
        return group;
      }
    }
    i = (i + 1) & mask_;
  }
  auto group = static_cast<uint32_t>(hashes_.size());
  slots_[i] = tag | (uint64_t{group} + 1);
  hashes_.push_back(hash);
  arena_.insert(arena_.end(), key.begin(), key.end());
  key_offsets_.push_back(arena_.size());
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return group;
}

void GroupTable::FindOrAdd(const EncodedKeys& keys, int64_t rows, uint32_t* groups) {
  for (int64_t r = 0; r < rows; ++r) groups[r] = FindOrAdd(keys.hashes[static_cast<size_t>(r)], keys.Key(r));
}

void GroupTable::Grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  uint64_t mask = slots.size() - 1;
  for (size_t g = 0; g < hashes_.size(); ++g) {
    uint64_t hash = hashes_[g];
    uint64_t i = (hash ^ (hash >> 29)) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = (hash & 0xffffffff00000000ULL) | (uint64_t{g} + 1);
  }
  slots_ = std::move(slots);
  mask_ = mask;
}

std::vector<const uint8_t*> GroupTable::KeyPointers() const {
  std::vector<const uint8_t*> out(hashes_.size());
  for (size_t g = 0; g < out.size(); ++g) out[g] = arena_.data() + key_offsets_[g];
  return out;
}

int64_t GroupTable::MemoryBytes() const {
  return static_cast<int64_t>(slots_.capacity() * 8 + hashes_.capacity() * 8 + key_offsets_.capacity() * 8 + arena_.capacity());
}

}  // namespace sluice::engine
