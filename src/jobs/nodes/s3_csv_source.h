// S3CsvSource: CSV objects under S3 paths. Members: Paths, Separator (comma, ctrla, pipe,
// semicolon, tab), QuoteChar (quote, single_quote, disabled; quillemet is refused: the reader
// takes single-byte quotes), Escaper, WithHeader (default false: columns are named col0,
// col1, ... as Glue names them), SkipFirst, Multiline, CompressionType (gzip, bzip2: detected
// from the objects anyway), plus the members every S3 source has (s3_source_node.h).
// WriteHeader, GroupFiles, GroupSize and OptimizePerformance change nothing here.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3CsvSource(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
