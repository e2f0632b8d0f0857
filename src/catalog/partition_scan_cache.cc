// Cached partition keys: see partition_scan_cache.h.
#include "catalog/partition_scan_cache.h"

namespace sluice::catalog {

void PartitionScanCache::Erase(std::map<int64_t, Entry>::iterator it) {
  bytes_ -= it->second.list->bytes();
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

std::shared_ptr<const PartitionKeyList> PartitionScanCache::Get(const PartitionKeyVersion& version) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(version.table_id);
  if (it == entries_.end() || !(it->second.version == version)) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.list;
}

void PartitionScanCache::Put(const PartitionKeyVersion& version, std::shared_ptr<const PartitionKeyList> list) {
  std::lock_guard lock(mutex_);
  if (list->bytes() > max_bytes_) return;
  auto it = entries_.find(version.table_id);
  if (it != entries_.end()) Erase(it);
  while (bytes_ + list->bytes() > max_bytes_ && !lru_.empty()) Erase(entries_.find(lru_.back()));
  lru_.push_front(version.table_id);
  bytes_ += list->bytes();
  entries_[version.table_id] = Entry{version, std::move(list), lru_.begin()};
}

}  // namespace sluice::catalog
