// Listing the objects a source reads: each S3 path is an object when one has that exact key,
// otherwise a folder whose objects are read (every level below it with Recurse, the first
// level only without). Like Spark and Glue, objects whose name — or a folder on the way to
// them — starts with '_' or '.' are skipped (_SUCCESS markers, .crc files), as are folder
// markers (keys ending in '/') and objects matching an exclusion glob (relative to the path).
//
// Thread safety: pure functions over a thread-safe object store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "jobs/data/source_spec.h"
#include "storage/object_store.h"

namespace sluice::jobs {

struct SourceObject {
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  int64_t modified_micros = 0;
  // Catalog partitions: the partition's values, in partition-key order.
  std::vector<std::string> partition_values;

  std::string uri() const { return "s3://" + bucket + "/" + key; }
};

// The objects under `paths`, in path order then key order, without duplicates. With
// `require_objects`, a path under which nothing is found is an error ("Path does not exist:
// s3://..."), as in Spark; a bucket that does not exist always is.
Result<std::vector<SourceObject>> ListSourceObjects(storage::ObjectStore& store, const std::vector<std::string>& paths,
                                                    const ReadSpec& read, bool require_objects);

}  // namespace sluice::jobs
