// The engine write target of a job target node: files in the object store under an S3
// folder, in csv, json (lines) or parquet, compressed as asked, one folder level key=value/
// per partition key (Hive style; NULL is __HIVE_DEFAULT_PARTITION__, and the partition columns
// are left out of the files). Files are named part-<n>-<tag>[.<codec>].<format>[.<ext>] with
// `tag` the run id, so reruns and retries never overwrite earlier output. Each file commits
// atomically when it is finished; abandoning a session deletes the files it committed.
//
// Memory: one open file per partition seen, at most kMaxOpenFiles at once (the least recently
// written is finished first and a new file started if its partition comes back).
//
// Thread safety: the target is immutable; a session is used by one thread at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/plan/write_target.h"
#include "jobs/data/s3_location.h"
#include "jobs/data/source_spec.h"
#include "storage/object_store.h"

namespace sluice::jobs {

struct WriteCounters {
  std::atomic<int64_t> files{0};
  std::atomic<int64_t> bytes{0};
  std::atomic<int64_t> records{0};
};

class ObjectWriteTarget final : public engine::WriteTarget {
 public:
  static constexpr size_t kMaxOpenFiles = 64;
  // A file is finished and the next one started past this many bytes.
  static constexpr uint64_t kFileBytes = uint64_t{512} << 20;

  ObjectWriteTarget(storage::ObjectStore* store, S3Location folder, WriteSpec write, std::string tag,
                    std::shared_ptr<WriteCounters> counters);

  Status Check(const columnar::Schema& input) const override;
  Result<std::unique_ptr<engine::WriteSession>> Open(const columnar::SchemaPtr& input) const override;
  std::string ToString() const override;

 private:
  storage::ObjectStore* store_;
  S3Location folder_;
  WriteSpec write_;
  std::string tag_;
  std::shared_ptr<WriteCounters> counters_;
};

// "key=value" with Hive's escaping of the characters a path cannot hold (%XX).
std::string HivePartitionSegment(std::string_view key, std::string_view value);

}  // namespace sluice::jobs
