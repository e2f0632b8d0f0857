// The engine data source of a job source node: a list of objects in one format, read with one
// fixed schema, one piece per object; for catalog tables each object may carry its partition's
// values, which become constant columns after the data columns. Counts what it reads (objects,
// bytes, records) for the run summary and metrics.
//
// Thread safety: immutable; OpenPiece from several threads at once; the counters are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/schema.h"
#include "engine/plan/data_source.h"
#include "jobs/data/object_listing.h"
#include "jobs/data/source_spec.h"
#include "storage/object_store.h"

namespace sluice::jobs {

struct ReadCounters {
  std::atomic<int64_t> objects{0};
  std::atomic<int64_t> bytes{0};
  std::atomic<int64_t> records{0};
};

class ObjectDataSource final : public engine::DataSource {
 public:
  // `data_schema`: the columns the files hold; `partition_fields`: one per value of each
  // object's partition_values (string values are converted to these types).
  ObjectDataSource(storage::ObjectStore* store, std::string name, ReadSpec read, columnar::SchemaPtr data_schema,
                   std::vector<columnar::Field> partition_fields, std::vector<SourceObject> objects,
                   std::shared_ptr<ReadCounters> counters, size_t parallelism);

  const columnar::SchemaPtr& schema() const override { return schema_; }
  size_t piece_count() const override { return objects_.size(); }
  Result<std::unique_ptr<formats::BatchReader>> OpenPiece(size_t piece, const std::vector<size_t>& columns,
                                                          const formats::PushdownPredicate& predicate) const override;
  std::string ToString() const override;

  const std::vector<SourceObject>& objects() const { return objects_; }

 private:
  storage::ObjectStore* store_;
  std::string name_;
  ReadSpec read_;
  columnar::SchemaPtr data_schema_;
  std::vector<columnar::Field> partition_fields_;
  columnar::SchemaPtr schema_;
  std::vector<SourceObject> objects_;
  std::shared_ptr<ReadCounters> counters_;
  size_t parallelism_;
};

}  // namespace sluice::jobs
