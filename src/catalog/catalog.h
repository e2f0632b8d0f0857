// The Data Catalog store: databases, tables with their versions, partitions and partition
// indexes, kept in DIR/meta/catalog.db (SQLite through meta::Database; schema in
// docs/formats/catalog-metadata.md). Every change runs in one transaction and is durable once
// the call returns.
//
// Callers work inside a transaction: Write() and Read() hand a CatalogTransaction bound to one
// catalog id (the account id unless a request names another) to a callback; several calls in
// one Write() commit together or not at all (a crawler replaces a table and its partitions
// atomically; BatchCreatePartition creates what it can in one commit).
//
// Names of databases and tables are folded to lowercase on the way in, so lookups are
// case-insensitive and results carry the lowercase name, as in Glue. Failures carry Glue's
// error: EntityNotFoundException, AlreadyExistsException, InvalidInputException,
// ConcurrentModificationException, ResourceNumberLimitExceededException (all HTTP 400).
//
// Thread safety: Catalog is thread-safe (writers are serialised, readers see snapshots). A
// CatalogTransaction belongs to the callback it was given to.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/functional/function_ref.h>

#include "catalog/model.h"
#include "catalog/partition_scan_cache.h"
#include "common/clock.h"
#include "common/status.h"
#include "meta/database.h"

namespace sluice::catalog {

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;  // absent on the last page
};

struct PageRequest {
  std::optional<std::string> token;
  int limit = 100;
};

struct UpdateTableOptions {
  bool skip_archive = false;                // do not keep the replaced definition as a version
  std::optional<int64_t> expected_version;  // VersionId: fail unless the table is at this version
};

struct PartitionQuery {
  std::string expression;  // GetPartitions Expression; blank = all
  int segment_number = 0;
  int total_segments = 1;
  PageRequest page;
};

struct SearchQuery {
  struct Filter {
    std::string key;
    std::string value;
    std::string comparator = "EQUALS";
  };
  std::vector<Filter> filters;
  std::optional<std::string> search_text;
  std::optional<std::string> sort_field;
  bool sort_descending = false;
  PageRequest page;
};

// One failed item of a batch: its position in the request and why.
struct BatchItemError {
  size_t index = 0;
  Status status;
};

class CatalogTransaction {
 public:
  // `cache` (may be null) holds partition keys of large tables for GetPartitions.
  CatalogTransaction(meta::Transaction& transaction, std::string catalog_id, int64_t now_micros,
                     PartitionScanCache* cache = nullptr)
      : txn_(transaction), catalog_id_(std::move(catalog_id)), now_micros_(now_micros), cache_(cache) {}

  const std::string& catalog_id() const { return catalog_id_; }

  // ---- databases ----
  Status CreateDatabase(const DatabaseDefinition& definition);
  Result<Database> GetDatabase(std::string_view name);
  Result<Page<Database>> GetDatabases(const PageRequest& page);
  // Replaces the definition; the name in `definition` must match (Glue cannot rename).
  Status UpdateDatabase(std::string_view name, const DatabaseDefinition& definition);
  // Deletes the database with its tables, versions and partitions.
  Status DeleteDatabase(std::string_view name);

  // ---- tables ----
  Status CreateTable(std::string_view database, const TableDefinition& definition,
                     const std::vector<PartitionIndex>& indexes = {},
                     const std::optional<std::string>& created_by = std::nullopt);
  Result<Table> GetTable(std::string_view database, std::string_view name);
  // `name_pattern`: GetTables' Expression (Hive style: '*' any run, '|' alternatives, whole
  // name, case-insensitive); empty for all tables.
  Result<Page<Table>> GetTables(std::string_view database, std::string_view name_pattern, const PageRequest& page);
  // Replaces the table named by definition.name, as a new version.
  Status UpdateTable(std::string_view database, const TableDefinition& definition,
                     const UpdateTableOptions& options = {});
  // Deletes the table with its versions and partitions.
  Status DeleteTable(std::string_view database, std::string_view name);
  // Versions, newest first; each Table carries its version_id.
  Result<Page<Table>> GetTableVersions(std::string_view database, std::string_view name, const PageRequest& page);
  // The given version, or the current one when absent.
  Result<Table> GetTableVersion(std::string_view database, std::string_view name, std::optional<int64_t> version);
  Status DeleteTableVersion(std::string_view database, std::string_view name, int64_t version);
  Result<Page<Table>> SearchTables(const SearchQuery& query);

  // ---- partitions ----
  Status CreatePartition(std::string_view database, std::string_view table, const PartitionDefinition& definition);
  Result<Partition> GetPartition(std::string_view database, std::string_view table,
                                 const std::vector<std::string>& values);
  Result<Page<Partition>> GetPartitions(std::string_view database, std::string_view table,
                                        const PartitionQuery& query);
  // Every partition of the table (crawlers), in creation order.
  Result<std::vector<Partition>> ListAllPartitions(std::string_view database, std::string_view table);
  // Replaces the partition identified by `values` (the definition may carry new values).
  Status UpdatePartition(std::string_view database, std::string_view table, const std::vector<std::string>& values,
                         const PartitionDefinition& definition);
  Status DeletePartition(std::string_view database, std::string_view table, const std::vector<std::string>& values);

  // ---- partition indexes ----
  Status CreatePartitionIndex(std::string_view database, std::string_view table, const PartitionIndex& index);
  Result<std::vector<PartitionIndex>> GetPartitionIndexes(std::string_view database, std::string_view table);
  Status DeletePartitionIndex(std::string_view database, std::string_view table, std::string_view name);

 private:
  struct TableRow {
    int64_t id = 0;
    int64_t version = 0;
    int64_t partition_generation = 0;
    Table table;
  };
  Result<int64_t> DatabaseId(std::string_view name);
  Result<TableRow> LoadTable(std::string_view database, std::string_view name);
  Result<Table> TableFromRow(meta::Cursor& rows, std::string_view database, int offset);
  Status CheckPartitionValues(const Table& table, const std::vector<std::string>& values);
  Status InsertIndex(int64_t table_id, const Table& table, const PartitionIndex& index);
  Result<Partition> PartitionFromRow(meta::Cursor& rows, const Table& table);

  // Partition keys of a table in row-id order, from the cache or read into it; null when the
  // table is not worth caching (too few partitions) or too large to cache.
  Result<std::shared_ptr<const PartitionKeyList>> PartitionKeys(const TableRow& row);

 public:
  // Increments the partition generation of every table whose partitions changed (see
  // partition_scan_cache.h). Catalog::Write calls it before committing.
  Status FinishWrite();

 private:
  meta::Transaction& txn_;
  const std::string catalog_id_;
  const int64_t now_micros_;
  PartitionScanCache* cache_;
  std::set<int64_t> touched_tables_;  // tables whose partitions changed
};

class Catalog {
 public:
  // Opens or creates the catalog database at `path` (DIR/meta/catalog.db); `cache_bytes` bounds
  // the partition keys kept in memory for GetPartitions (partition_scan_cache.h).
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path, const Clock* clock,
                                               size_t cache_bytes = size_t{256} << 20);

  // Runs `fn` in one write transaction for `catalog_id`: committed when fn returns OK,
  // rolled back otherwise (fn's Status is returned).
  Status Write(std::string_view catalog_id, absl::FunctionRef<Status(CatalogTransaction&)> fn);
  // Runs `fn` on a consistent snapshot.
  Status Read(std::string_view catalog_id, absl::FunctionRef<Status(CatalogTransaction&)> fn);

  // Shorthand for one table lookup (jobs resolving CatalogSource/CatalogTarget).
  Result<Table> GetTable(std::string_view catalog_id, std::string_view database, std::string_view name);

 private:
  Catalog(std::unique_ptr<meta::Database> db, const Clock* clock, size_t cache_bytes)
      : db_(std::move(db)), clock_(clock), cache_(cache_bytes) {}

  std::unique_ptr<meta::Database> db_;
  const Clock* clock_;
  PartitionScanCache cache_;
};

// Glue's table-name Expression as an RE2 pattern (exposed for tests).
std::string TableNamePatternToRegex(std::string_view pattern);

}  // namespace sluice::catalog
