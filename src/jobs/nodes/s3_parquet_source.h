// S3ParquetSource: Parquet objects under S3 paths. Members: Paths, CompressionType (the codec
// is read from each file, so this is informational), plus the members every S3 source has
// (s3_source_node.h). Only the columns the job uses are read, and row groups whose statistics
// rule out a later Filter are skipped.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3ParquetSource(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
