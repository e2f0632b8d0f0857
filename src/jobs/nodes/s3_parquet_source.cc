// S3ParquetSource: see s3_parquet_source.h.
#include "jobs/nodes/s3_parquet_source.h"

#include "jobs/nodes/s3_source_node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3ParquetSource(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(S3SourceSpec spec, ParseCommonS3SourceMembers(config, DataFormat::kParquet));
  // The codec is read from each file; the member only has to be one Glue knows.
  RETURN_IF_ERROR(
      config.OptionalEnum("CompressionType", {"snappy", "lzo", "gzip", "brotli", "lz4", "uncompressed", "none"})
          .status());
  return std::unique_ptr<Node>(new S3SourceNode(std::move(header), std::move(spec)));
}

}  // namespace sluice::jobs
