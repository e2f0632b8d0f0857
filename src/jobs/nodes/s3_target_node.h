// The targets that write files to S3 — S3DirectTarget, S3GlueParquetTarget, S3CatalogTarget,
// CatalogTarget — share this node: each parses its members into a TargetSettings
// (s3_direct_target.h, s3_glue_parquet_target.h, catalog_target.h) and the node writes its
// input under the path, in folders key=value/ for PartitionKeys, then registers the output in
// the catalog when asked to.
//
// Thread safety: immutable after parsing.
#pragma once

#include <optional>

#include "jobs/data/source_spec.h"
#include "jobs/nodes/node.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

struct TargetSettings {
  // S3 targets: the path and format. Catalog targets: empty path; the table decides.
  S3TargetSpec spec;
  std::vector<FieldPath> partition_keys;
  // Catalog targets: the table written to.
  std::string catalog_database;
  std::string catalog_table;
  // SchemaChangePolicy: register the output in this table (nullopt: leave the catalog alone).
  struct Registration {
    std::string database;
    std::string table;
    bool update_schema = true;  // UPDATE_IN_DATABASE; LOG keeps the table's columns
  };
  std::optional<Registration> registration;
};

class S3TargetNode final : public Node {
 public:
  S3TargetNode(NodeHeader header, TargetSettings settings) : Node(std::move(header)), settings_(std::move(settings)) {}
  NodeRole role() const override { return NodeRole::kTarget; }
  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const override;

 private:
  TargetSettings settings_;
};

// PartitionKeys (top-level columns only).
Result<std::vector<FieldPath>> ParsePartitionKeys(const NodeConfig& config);
// SchemaChangePolicy of S3DirectTarget and S3GlueParquetTarget (DirectSchemaChangePolicy):
// nullopt unless EnableUpdateCatalog; Database and Table are then required.
Result<std::optional<TargetSettings::Registration>> ParseDirectSchemaChangePolicy(const NodeConfig& config);
// The compression of a format by the name Glue uses; InvalidArgument for one Sluice cannot write.
Result<std::string> CompressionFor(DataFormat format, const std::optional<std::string>& name);

}  // namespace sluice::jobs
