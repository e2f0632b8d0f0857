// Listing objects of the local store: see local_object_store.h. Keys come from the (bucket,
// key) primary key in byte-wise order; when a key rolls up into a common prefix, the scan seeks
// past everything under that prefix instead of reading it.
#include <fmt/format.h>

#include "storage/errors.h"
#include "storage/local/local_object_store.h"
#include "storage/local/storage_schema.h"
#include "storage/listing_position.h"

namespace sluice::storage {

namespace {

constexpr std::string_view kListColumns =
    "key, size, etag, modified_micros, checksum_algorithm, checksum_type, parts_count";

}  // namespace

Result<ListPage> LocalObjectStore::ListObjects(std::string_view bucket, const ListOptions& options) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  ListPage page;
  if (options.max_keys == 0) return page;
  const std::string& prefix = options.prefix;
  const std::string& delimiter = options.delimiter;
  const std::string upper = PrefixSuccessor(prefix);  // exclusive upper bound; empty = none
  ListingStart start = FirstListingPosition(prefix, delimiter, options.start_after);
  if (start.exhausted) return page;
  page.objects.reserve(std::min<size_t>(options.max_keys, 1000));

  static const std::string kFromInclusive[2] = {
      fmt::format("SELECT {} FROM objects WHERE bucket = ? AND key >= ? ORDER BY key LIMIT ?", kListColumns),
      fmt::format("SELECT {} FROM objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?",
                  kListColumns)};
  static const std::string kFromExclusive[2] = {
      fmt::format("SELECT {} FROM objects WHERE bucket = ? AND key > ? ORDER BY key LIMIT ?", kListColumns),
      fmt::format("SELECT {} FROM objects WHERE bucket = ? AND key > ? AND key < ? ORDER BY key LIMIT ?",
                  kListColumns)};

  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    std::string position = std::move(start.position);
    bool inclusive = start.inclusive;
    size_t count = 0;
    for (;;) {
      // One more row than still fits tells whether the page is truncated.
      int64_t limit = static_cast<int64_t>(options.max_keys - count) + 1;
      const std::string& sql = (inclusive ? kFromInclusive : kFromExclusive)[upper.empty() ? 0 : 1];
      auto rows = upper.empty() ? transaction.Query(sql, bucket, meta::Blob{position}, limit)
                                : transaction.Query(sql, bucket, meta::Blob{position}, meta::Blob{upper}, limit);
      bool restarted = false;
      while (rows.Next()) {
        std::string_view key = rows.View(0);
        if (!delimiter.empty()) {
          size_t found = key.find(delimiter, prefix.size());
          if (found != std::string_view::npos) {
            std::string common(key.substr(0, found + delimiter.size()));
            if (count == options.max_keys) {
              page.truncated = true;
              return Status::Ok();
            }
            ++count;
            page.last = common;
            position = PrefixSuccessor(common);
            page.common_prefixes.push_back(std::move(common));
            if (position.empty()) return Status::Ok();  // nothing can sort after it
            inclusive = true;
            restarted = true;
            break;
          }
        }
        if (count == options.max_keys) {
          page.truncated = true;
          return Status::Ok();
        }
        ++count;
        ObjectInfo& info = page.objects.emplace_back();
        info.key = std::string(key);
        info.size = static_cast<uint64_t>(rows.Int(1));
        info.etag = rows.Text(2);
        info.modified_micros = rows.Int(3);
        info.checksum.algorithm = static_cast<ChecksumAlgorithm>(rows.Int(4));
        info.checksum.type = static_cast<ChecksumType>(rows.Int(5));
        info.parts_count = static_cast<int>(rows.Int(6));
        page.last = info.key;
      }
      RETURN_IF_ERROR(rows.status());
      if (!restarted) return Status::Ok();  // the range is exhausted
    }
  }));
  return page;
}

}  // namespace sluice::storage
