// S3DirectTarget: writes its input as files under Path. Members: Path, Format (csv, json,
// parquet; avro, orc, hudi, delta, iceberg, hyper and xml are refused), Compression (parquet:
// snappy by default, gzip, zstd, lz4, uncompressed; csv/json: none by default, gzip, bzip2,
// zstd), PartitionKeys (top-level columns → folders key=value/, left out of the files),
// SchemaChangePolicy {EnableUpdateCatalog, UpdateBehavior UPDATE_IN_DATABASE | LOG, Database,
// Table}: create the table on the first run and add new partitions on every run; with
// UPDATE_IN_DATABASE also replace its columns when the output schema changed.
// NumberTargetPartitions, AutoDataQuality and OutputSchemas are accepted and change nothing.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3DirectTarget(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
