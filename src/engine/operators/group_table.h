// GroupTable: the hash table of a hash aggregate — distinct keys (encoded by key_encoder.h)
// numbered 0, 1, 2 ... in order of first appearance. Open addressing with linear probing; each
// slot holds the group number and the top half of its hash, so most mismatches are rejected
// without touching the keys. Keys live in one growing arena.
//
// Thread safety: one thread at a time (each worker has its own; they are merged at the end).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/operators/key_encoder.h"

namespace sluice::engine {

class GroupTable {
 public:
  GroupTable();
  // The group of each of `rows` encoded keys, adding new groups as needed.
  void FindOrAdd(const EncodedKeys& keys, int64_t rows, uint32_t* groups);
  // The group of one key with its hash, added if new.
  uint32_t FindOrAdd(uint64_t hash, std::string_view key);
  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }
  std::string_view key(uint32_t group) const {
    return std::string_view(reinterpret_cast<const char*>(arena_.data()) + key_offsets_[group],
                            key_offsets_[group + 1] - key_offsets_[group]);
  }
  // Pointers to every group's key bytes, in group order (for DecodeKeys).
  std::vector<const uint8_t*> KeyPointers() const;
  // Bytes held.
  int64_t MemoryBytes() const;

 private:
  void Grow();
  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (group + 1); 0 is empty
  uint64_t mask_ = 0;
  std::vector<uint64_t> hashes_;       // per group
  std::vector<uint64_t> key_offsets_;  // per group + 1, into arena_
  std::vector<uint8_t> arena_;
};

}  // namespace sluice::engine
