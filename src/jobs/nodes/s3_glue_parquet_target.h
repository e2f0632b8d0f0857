// S3GlueParquetTarget: writes its input as Parquet files under Path. Members: Path,
// Compression (snappy by default, gzip, zstd, lz4, uncompressed/none), PartitionKeys and
// SchemaChangePolicy as for S3DirectTarget (s3_direct_target.h).
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3GlueParquetTarget(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
