// S3CatalogTarget and CatalogTarget: write their input into a Data Catalog table — at the
// table's location, in its format (csv, json or parquet by classification or SerDe), in
// folders for PartitionKeys (default: the table's partition keys). Members: Database, Table,
// PartitionKeys; S3CatalogTarget also SchemaChangePolicy {EnableUpdateCatalog, UpdateBehavior}:
// when enabled, new partitions are added to the table, and with UPDATE_IN_DATABASE its columns
// follow the output schema. The table must exist.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseS3CatalogTarget(NodeHeader header, const boost::json::object& config);
Result<std::unique_ptr<Node>> ParseCatalogTarget(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
