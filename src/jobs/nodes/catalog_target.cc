// S3CatalogTarget and CatalogTarget: see catalog_target.h.
#include "jobs/nodes/catalog_target.h"

#include "jobs/nodes/s3_target_node.h"

namespace sluice::jobs {

namespace {

Result<TargetSettings> ParseCommon(const NodeConfig& config) {
  TargetSettings settings;
  ASSIGN_OR_RETURN(settings.catalog_database, config.RequireString("Database"));
  ASSIGN_OR_RETURN(settings.catalog_table, config.RequireString("Table"));
  ASSIGN_OR_RETURN(settings.partition_keys, ParsePartitionKeys(config));
  return settings;
}

}  // namespace

Result<std::unique_ptr<Node>> ParseS3CatalogTarget(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(TargetSettings settings, ParseCommon(config));
  if (const auto* policy = config.OptionalObject("SchemaChangePolicy")) {
    NodeConfig members(*policy, "SchemaChangePolicy.");
    ASSIGN_OR_RETURN(auto enabled, members.OptionalBool("EnableUpdateCatalog"));
    ASSIGN_OR_RETURN(auto behavior, members.OptionalEnum("UpdateBehavior", {"UPDATE_IN_DATABASE", "LOG"}));
    if (enabled.value_or(false)) {
      settings.registration = TargetSettings::Registration{
          settings.catalog_database, settings.catalog_table, behavior.value_or("UPDATE_IN_DATABASE") == "UPDATE_IN_DATABASE"};
    }
  }
  return std::unique_ptr<Node>(new S3TargetNode(std::move(header), std::move(settings)));
}

Result<std::unique_ptr<Node>> ParseCatalogTarget(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(TargetSettings settings, ParseCommon(config));
  return std::unique_ptr<Node>(new S3TargetNode(std::move(header), std::move(settings)));
}

}  // namespace sluice::jobs
