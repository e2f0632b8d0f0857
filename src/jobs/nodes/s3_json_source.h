// S3JsonSource: JSON objects under S3 paths (JSON lines, a top-level array, or records spread
// over lines). Members: Paths, JsonPath ("$[*]" or "$" take the records as they are; a path
// into each document is refused), Multiline, CompressionType (gzip, bzip2), plus the members
// every S3 source has (s3_source_node.h).
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3JsonSource(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
