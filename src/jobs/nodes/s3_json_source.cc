// S3JsonSource: see s3_json_source.h.
#include "jobs/nodes/s3_json_source.h"

#include <fmt/format.h>

#include "jobs/nodes/s3_source_node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3JsonSource(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(S3SourceSpec spec, ParseCommonS3SourceMembers(config, DataFormat::kJson));
  ASSIGN_OR_RETURN(auto json_path, config.OptionalString("JsonPath"));
  if (json_path && !json_path->empty() && *json_path != "$" && *json_path != "$[*]") {
    return InvalidArgument(fmt::format(
        "JsonPath '{}' is not supported: Sluice reads each JSON record (or each element of a top-level array) as a "
        "row; use \"$[*]\" or leave JsonPath empty",
        *json_path));
  }
  spec.read.json_path = json_path.value_or("");
  ASSIGN_OR_RETURN(auto compression, config.OptionalString("CompressionType"));
  if (compression && *compression != "gzip" && *compression != "bzip2") {
    return InvalidArgument(fmt::format("CompressionType is '{}'; expected gzip or bzip2", *compression));
  }
  return std::unique_ptr<Node>(new S3SourceNode(std::move(header), std::move(spec)));
}

}  // namespace sluice::jobs
