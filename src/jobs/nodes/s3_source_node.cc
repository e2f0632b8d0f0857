// The S3 source nodes: see s3_source_node.h.
#include "jobs/nodes/s3_source_node.h"

#include <fmt/format.h>

#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace json = boost::json;

Result<NodeOutput> S3SourceNode::Build(NodeContext& context, const std::vector<NodeOutput>&) const {
  ASSIGN_OR_RETURN(engine::DataSourcePtr source, context.S3Source(*this, spec_));
  return NodeOutput::Single(engine::PlanBuilder::Scan(std::move(source)));
}

Result<std::vector<columnar::Field>> ParseOutputSchemas(const NodeConfig& config) {
  std::vector<columnar::Field> fields;
  ASSIGN_OR_RETURN(auto schemas, config.ObjectList("OutputSchemas", false));
  if (schemas.empty()) return fields;
  NodeConfig schema(*schemas[0], config.Name("OutputSchemas[0]."));
  ASSIGN_OR_RETURN(auto columns, schema.ObjectList("Columns", false));
  for (size_t i = 0; i < columns.size(); ++i) {
    NodeConfig column(*columns[i], schema.Name(fmt::format("Columns[{}].", i)));
    ASSIGN_OR_RETURN(std::string name, column.RequireString("Name"));
    ASSIGN_OR_RETURN(auto type_text, column.OptionalString("Type"));
    auto type = columnar::ParseGlueType(type_text.value_or("string"));
    if (!type.ok()) {
      return InvalidArgument(fmt::format("{}: {}", column.Name("Type"), type.status().message()));
    }
    fields.push_back({std::move(name), *type, true});
  }
  return fields;
}

Result<S3SourceSpec> ParseCommonS3SourceMembers(const NodeConfig& config, DataFormat format) {
  S3SourceSpec spec;
  spec.read.format = format;
  ASSIGN_OR_RETURN(spec.paths, config.StringList("Paths", true));
  for (const auto& path : spec.paths) {
    if (path.rfind("s3://", 0) != 0 && path.rfind("s3a://", 0) != 0) {
      return InvalidArgument(fmt::format("{}: '{}' is not an S3 path (s3://bucket/prefix)", config.Name("Paths"), path));
    }
  }
  ASSIGN_OR_RETURN(spec.read.exclusions, config.StringList("Exclusions", false));
  ASSIGN_OR_RETURN(auto recurse, config.OptionalBool("Recurse"));
  spec.read.recurse = recurse.value_or(true);
  ASSIGN_OR_RETURN(auto band, config.OptionalInt("MaxBand"));
  if (band) {
    if (*band < 0) return InvalidArgument(fmt::format("{} must not be negative", config.Name("MaxBand")));
    spec.read.max_band_ms = *band;
  }
  if (const json::object* options = config.OptionalObject("AdditionalOptions")) {
    NodeConfig additional(*options, config.Name("AdditionalOptions."));
    ASSIGN_OR_RETURN(spec.read.bounded_files, additional.OptionalInt("BoundedFiles"));
    ASSIGN_OR_RETURN(spec.read.bounded_size, additional.OptionalInt("BoundedSize"));
  }
  ASSIGN_OR_RETURN(spec.read.declared_schema, ParseOutputSchemas(config));
  return spec;
}

}  // namespace sluice::jobs
