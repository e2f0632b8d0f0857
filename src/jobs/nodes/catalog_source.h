// CatalogSource and S3CatalogSource: a Data Catalog table read through its storage descriptor
// (location, format and SerDe settings; partition folders from the table's partitions).
// Members: Database, Table, PartitionPredicate (a Spark SQL condition on partition columns,
// e.g. "year = '2024' and month >= '06'": only matching partitions are listed and read).
// Output: the table's columns, then its partition keys. AdditionalOptions (BoundedFiles,
// BoundedSize) and OutputSchemas are accepted; the table decides the schema.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseCatalogSource(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
