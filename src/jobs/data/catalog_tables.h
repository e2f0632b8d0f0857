// Data Catalog tables as job sources and targets: how to read a table (its format from the
// classification or SerDe, CSV delimiter and header lines, columns and partition keys in Glue
// types, the folders of its partitions that satisfy a PartitionPredicate), and how a target
// records what it wrote (SchemaChangePolicy): the table created in the crawler's format, its
// columns replaced when the schema changed, a partition added per new key=value/ folder.
//
// Thread safety: pure functions over the thread-safe Catalog.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "columnar/schema.h"
#include "common/status.h"
#include "engine/plan/write_target.h"
#include "jobs/data/source_spec.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

struct CatalogTableSource {
  ReadSpec read;
  columnar::SchemaPtr data_schema;
  std::vector<columnar::Field> partition_fields;
  // Folders to read: the table's location, or one per selected partition with its values.
  struct Folder {
    std::string location;
    std::vector<std::string> values;
  };
  std::vector<Folder> folders;
  bool partitioned = false;
};

// EntityNotFoundException for a missing database or table; InvalidInputException for a
// format Sluice does not read, a column type it does not know, or a bad predicate.
Result<CatalogTableSource> ResolveCatalogTable(catalog::Catalog& catalog, const std::string& catalog_id,
                                               const CatalogSourceSpec& spec);

// The columnar schema of catalog columns (Hive type strings).
Result<std::vector<columnar::Field>> FieldsOfColumns(const std::vector<catalog::Column>& columns);

// Records a target's output in the catalog, in one transaction (see the header comment).
Status RegisterOutputTable(catalog::Catalog& catalog, const std::string& catalog_id,
                           const NodeContext::TableRegistration& registration,
                           const std::vector<engine::WrittenFile>& files);

}  // namespace sluice::jobs
