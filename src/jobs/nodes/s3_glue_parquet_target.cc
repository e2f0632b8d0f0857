// S3GlueParquetTarget: see s3_glue_parquet_target.h.
#include "jobs/nodes/s3_glue_parquet_target.h"

#include <fmt/format.h>

#include "jobs/nodes/s3_target_node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3GlueParquetTarget(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  TargetSettings settings;
  ASSIGN_OR_RETURN(settings.spec.path, config.RequireString("Path"));
  if (settings.spec.path.rfind("s3://", 0) != 0) {
    return InvalidArgument(fmt::format("Path '{}' is not an S3 path (s3://bucket/prefix/)", settings.spec.path));
  }
  settings.spec.write.format = DataFormat::kParquet;
  ASSIGN_OR_RETURN(auto compression, config.OptionalString("Compression"));
  ASSIGN_OR_RETURN(settings.spec.write.compression, CompressionFor(DataFormat::kParquet, compression));
  ASSIGN_OR_RETURN(settings.partition_keys, ParsePartitionKeys(config));
  ASSIGN_OR_RETURN(settings.registration, ParseDirectSchemaChangePolicy(config));
  return std::unique_ptr<Node>(new S3TargetNode(std::move(header), std::move(settings)));
}

}  // namespace sluice::jobs
