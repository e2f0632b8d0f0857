// Writing what a crawl found into the Data Catalog under the crawler's policies:
//
// - New tables and partitions are always created (TableThreshold aside); a new partitioned table
//   gets the partition index crawler_partition_index over all its keys unless the
//   Configuration says "CreatePartitionIndex": false.
// - A table whose schema or format changed is replaced as a new table version under
//   UpdateBehavior UPDATE_IN_DATABASE (only new columns are added with the MergeNewColumns
//   output option), and left alone with the change logged under LOG. Partitions follow the
//   same rule; new partitions are added either way.
// - Tables this crawler created under its targets that the crawl no longer finds are deleted
//   (DELETE_FROM_DATABASE), marked with DEPRECATED_BY_CRAWLER (DEPRECATE_IN_DATABASE), or only
//   logged (LOG); vanished partitions are deleted only under DELETE_FROM_DATABASE.
// - Incremental crawls (CRAWL_NEW_FOLDERS_ONLY) add the partitions of new folders to the
//   existing table covering them when their format and schema fit it, and skip them with a log
//   line otherwise.
// Table names come from the layout, sanitised and prefixed with TablePrefix; a name already
// used for another location gets a suffix: '_' and the MD5 of the location in hex.
// Each table and its partitions change in one catalog transaction.
//
// Thread safety: one CatalogSync per crawl, used by one thread.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "crawler/crawl/table_layout.h"
#include "crawler/crawler_definition.h"
#include "crawler/crawler_store.h"

namespace sluice::crawler {

struct SyncContext {
  catalog::Catalog* catalog = nullptr;
  std::string catalog_id;
  std::string database;
  std::string crawler_name;
  std::string crawl_id;
  const CrawlerDefinition* definition = nullptr;
  const CrawlerConfiguration* config = nullptr;
  int64_t now_micros = 0;
  std::function<void(const std::string&)> log;
  std::function<void(const std::string&)> warn;
  CrawlStatistics* statistics = nullptr;
};

// The tables one S3 target produced.
struct TargetTables {
  std::string location;                 // s3://bucket/prefix/ (the include path as a folder)
  std::vector<std::string> exclusions;  // the target's exclusion patterns, for the table parameter
  std::vector<TableLayout> tables;
};

class CatalogSync {
 public:
  explicit CatalogSync(SyncContext context) : context_(std::move(context)) {}

  // Checks the output database exists ("default" is created when missing) and loads the
  // names and locations of its tables. EntityNotFoundException for another missing database.
  Status Prepare();

  // TableThreshold: FailedPrecondition when the crawl would produce more tables than allowed.
  Status CheckThreshold(size_t tables_found) const;

  // Creates or updates the tables of a full crawl.
  Status ApplyTables(const std::vector<TargetTables>& targets);

  // Handles this crawler's tables under `crawled_locations` that the crawl did not produce.
  Status HandleVanishedTables(const std::vector<std::string>& crawled_locations);

  // Incremental crawls: adds partitions for `files` (all in new folders) under existing tables
  // of this crawler. Files no table covers are returned in `uncovered`.
  Status ApplyNewFolders(const std::string& bucket, const std::vector<CrawledFile>& files,
                         std::vector<CrawledFile>* uncovered);

 private:
  struct ExistingTable {
    std::string location;
    std::string updated_by;
  };
  std::string ResolveName(const TableLayout& layout);
  catalog::TableDefinition BuildTable(const std::string& name, const TableLayout& layout,
                                      const std::vector<std::string>& exclusions) const;
  catalog::PartitionDefinition BuildPartition(const catalog::TableDefinition& table,
                                              const PartitionLayout& partition) const;
  Status WriteTable(const TableLayout& layout, const std::vector<std::string>& exclusions);

  SyncContext context_;
  std::map<std::string, ExistingTable> existing_;  // by name
  std::set<std::string> produced_;                 // names this crawl wrote or matched
};

// Why two table definitions differ in schema or format ("" when they do not): added, removed
// and retyped columns, partition keys, SerDe and format parameters. Statistics are ignored.
std::string DescribeTableChange(const catalog::TableDefinition& before, const catalog::TableDefinition& after);

}  // namespace sluice::crawler
