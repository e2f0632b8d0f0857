// An in-memory copy of each large table's partition keys (row id and encoded values, in row-id
// order), so that GetPartitions evaluates an Expression or a Segment over 100,000 partitions
// without reading them from SQLite every time. Only the values are cached; definitions are
// always read from the database.
//
// Consistency: every transaction that changes a table's partitions also increments the table's
// `partition_generation` column (Catalog::Write does it before committing). A list is cached
// under the (create time, generation) its own snapshot saw and used only by readers whose
// snapshot sees the same pair, so a reader never sees partitions other than its snapshot's.
//
// Thread safety: thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::catalog {

// One table's partition keys, in row-id order.
struct PartitionKeyList {
  std::vector<int64_t> ids;
  std::vector<uint32_t> offsets;  // encoded values of ids[i] are data[offsets[i], offsets[i+1])
  std::string data;

  size_t size() const { return ids.size(); }
  std::string_view values(size_t i) const {
    return std::string_view(data).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
  size_t bytes() const { return ids.size() * 12 + data.size(); }
};

// Which state of which table a list reflects.
struct PartitionKeyVersion {
  int64_t table_id = 0;
  int64_t table_create_time = 0;  // row ids can be reused by a later table
  int64_t generation = 0;
  bool operator==(const PartitionKeyVersion&) const = default;
};

class PartitionScanCache {
 public:
  // Tables with fewer partitions than this are not worth caching.
  static constexpr size_t kMinPartitions = 2000;

  explicit PartitionScanCache(size_t max_bytes = size_t{256} << 20) : max_bytes_(max_bytes) {}

  size_t max_bytes() const { return max_bytes_; }

  // The list cached for exactly this version, or null.
  std::shared_ptr<const PartitionKeyList> Get(const PartitionKeyVersion& version);
  // Caches a list (replacing the table's previous one, dropping the least recently used tables
  // past max_bytes).
  void Put(const PartitionKeyVersion& version, std::shared_ptr<const PartitionKeyList> list);

 private:
  struct Entry {
    PartitionKeyVersion version;
    std::shared_ptr<const PartitionKeyList> list;
    std::list<int64_t>::iterator lru;
  };
  void Erase(std::map<int64_t, Entry>::iterator it);

  const size_t max_bytes_;
  std::mutex mutex_;
  std::map<int64_t, Entry> entries_;  // by table id, guarded by mutex_
  std::list<int64_t> lru_;            // most recently used first, guarded by mutex_
  size_t bytes_ = 0;                  // guarded by mutex_
};

}  // namespace sluice::catalog
