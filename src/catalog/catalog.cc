// The Data Catalog store: see catalog.h; the schema is described in
// docs/formats/catalog-metadata.md.
#include "catalog/catalog.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <fmt/format.h>
#include <re2/re2.h>

#include "catalog/model_json.h"
#include "catalog/page_token.h"
#include "catalog/partition_expression.h"
#include "catalog/partition_values.h"
#include "common/encoding.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

namespace {

// Never edit a released migration; add a new one.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE databases (
  id INTEGER PRIMARY KEY,
  catalog_id TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  UNIQUE (catalog_id, name)
);
CREATE TABLE tables (
  id INTEGER PRIMARY KEY,
  database_id INTEGER NOT NULL REFERENCES databases(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  created_by TEXT,
  UNIQUE (database_id, name)
);
CREATE TABLE table_versions (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (table_id, version)
) WITHOUT ROWID;
CREATE TABLE partitions (
  id INTEGER PRIMARY KEY,
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  partition_values BLOB NOT NULL,
  creation_time INTEGER NOT NULL,
  definition TEXT NOT NULL,
  UNIQUE (table_id, partition_values)
);
CREATE INDEX partitions_scan ON partitions (table_id, id, partition_values);
CREATE TABLE partition_indexes (
  table_id INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  keys TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (table_id, name)
) WITHOUT ROWID;
)sql"},
    // Incremented by every transaction that changes the table's partitions.
    {2, "ALTER TABLE tables ADD COLUMN partition_generation INTEGER NOT NULL DEFAULT 0;"},
};

constexpr size_t kMaxPartitionIndexes = 3;  // Glue's limit per table

Status DatabaseNotFound(std::string_view name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Database {} not found.", name));
}
Status TableNotFound(std::string_view name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Table {} not found.", name));
}
Status PartitionNotFound() { return AwsError("EntityNotFoundException", 400, "Cannot find partition."); }
Status InvalidInput(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }

std::string Lower(std::string_view name) { return AsciiLower(name); }

Result<json::object> ParseStored(std::string_view text) {
  JsonLimits limits;
  limits.max_bytes = 64 << 20;
  ASSIGN_OR_RETURN(json::value value, ParseJson(text, limits));
  if (!value.is_object()) return DataLoss("catalog.db holds a definition that is not a JSON object");
  return std::move(value.get_object());
}

std::optional<std::string> PositionOf(const PageRequest& page, std::string_view kind, uint64_t query,
                                      Status* status) {
  if (!page.token) return std::nullopt;
  auto token = DecodePageToken(*page.token, kind, query);
  if (!token.ok()) {
    *status = token.status();
    return std::nullopt;
  }
  return token->position;
}

int64_t ParsePosition(const std::string& position) {
  try {
    return std::stoll(position);
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::string TableNamePatternToRegex(std::string_view pattern) {
  std::string regex = "(?i)(?:";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    // A '*' that does not follow '.' is Hive's wildcard; ".*" is already a regex.
    if (c == '*' && (i == 0 || pattern[i - 1] != '.')) {
      regex += ".*";
    } else {
      regex += c;
    }
  }
  return regex + ")";
}

// ---------------------------------------------------------------- databases

Result<int64_t> CatalogTransaction::DatabaseId(std::string_view name) {
  ASSIGN_OR_RETURN(auto id, txn_.QueryInt("SELECT id FROM databases WHERE catalog_id = ? AND name = ?", catalog_id_,
                                          Lower(name)));
  if (!id) return DatabaseNotFound(name);
  return *id;
}

Status CatalogTransaction::CreateDatabase(const DatabaseDefinition& input) {
  DatabaseDefinition definition = input;
  definition.name = Lower(input.name);
  ASSIGN_OR_RETURN(auto existing, txn_.QueryInt("SELECT id FROM databases WHERE catalog_id = ? AND name = ?",
                                                catalog_id_, definition.name));
  if (existing) return AwsError("AlreadyExistsException", 400, "Database already exists.");
  return txn_.Exec("INSERT INTO databases (catalog_id, name, definition, create_time) VALUES (?, ?, ?, ?)",
                   catalog_id_, definition.name, ToJson(DatabaseDefinitionToJson(definition)), now_micros_);
}

Result<Database> CatalogTransaction::GetDatabase(std::string_view name) {
  auto rows = txn_.Query("SELECT definition, create_time FROM databases WHERE catalog_id = ? AND name = ?",
                         catalog_id_, Lower(name));
  if (!rows.Next()) {
    RETURN_IF_ERROR(rows.status());
    return DatabaseNotFound(name);
  }
  ASSIGN_OR_RETURN(json::object stored, ParseStored(rows.View(0)));
  Database database;
  database.definition = DatabaseDefinitionFromJson(stored);
  database.catalog_id = catalog_id_;
  database.create_time_micros = rows.Int(1);
  return database;
}

Result<Page<Database>> CatalogTransaction::GetDatabases(const PageRequest& page) {
  Status status;
  std::string after = PositionOf(page, "databases", 0, &status).value_or("");
  RETURN_IF_ERROR(status);
  Page<Database> out;
  auto rows = txn_.Query(
      "SELECT name, definition, create_time FROM databases WHERE catalog_id = ? AND name > ? ORDER BY name LIMIT ?",
      catalog_id_, after, page.limit + 1);
  while (rows.Next()) {
    if (static_cast<int>(out.items.size()) == page.limit) {
      out.next_token = EncodePageToken({"databases", out.items.back().definition.name, 0});
      break;
    }
    ASSIGN_OR_RETURN(json::object stored, ParseStored(rows.View(1)));
    Database database;
    database.definition = DatabaseDefinitionFromJson(stored);
    database.catalog_id = catalog_id_;
    database.create_time_micros = rows.Int(2);
    out.items.push_back(std::move(database));
  }
  RETURN_IF_ERROR(rows.status());
  return out;
}

Status CatalogTransaction::UpdateDatabase(std::string_view name, const DatabaseDefinition& input) {
  ASSIGN_OR_RETURN(int64_t id, DatabaseId(name));
  if (Lower(input.name) != Lower(name)) return InvalidInput("Database cannot be renamed");
  DatabaseDefinition definition = input;
  definition.name = Lower(name);
  return txn_.Exec("UPDATE databases SET definition = ? WHERE id = ?", ToJson(DatabaseDefinitionToJson(definition)),
                   id);
}

Status CatalogTransaction::DeleteDatabase(std::string_view name) {
  ASSIGN_OR_RETURN(int64_t id, DatabaseId(name));
  return txn_.Exec("DELETE FROM databases WHERE id = ?", id);
}

// ---------------------------------------------------------------- tables

// Columns: definition, create_time, update_time, created_by, version (from `offset`).
Result<Table> CatalogTransaction::TableFromRow(meta::Cursor& rows, std::string_view database, int offset) {
  ASSIGN_OR_RETURN(json::object stored, ParseStored(rows.View(offset)));
  Table table;
  table.definition = TableDefinitionFromJson(stored);
  table.database_name = std::string(database);
  table.catalog_id = catalog_id_;
  table.create_time_micros = rows.Int(offset + 1);
  table.update_time_micros = rows.Int(offset + 2);
  table.created_by = rows.OptionalText(offset + 3);
  table.version_id = rows.Int(offset + 4);
  return table;
}

Result<CatalogTransaction::TableRow> CatalogTransaction::LoadTable(std::string_view database, std::string_view name) {
  ASSIGN_OR_RETURN(int64_t database_id, DatabaseId(database));
  auto rows = txn_.Query(
      "SELECT id, definition, create_time, update_time, created_by, version, partition_generation FROM tables "
      "WHERE database_id = ? AND name = ?",
      database_id, Lower(name));
  if (!rows.Next()) {
    RETURN_IF_ERROR(rows.status());
    return TableNotFound(name);
  }
  TableRow row;
  row.id = rows.Int(0);
  ASSIGN_OR_RETURN(row.table, TableFromRow(rows, Lower(database), 1));
  row.version = row.table.version_id;
  row.partition_generation = rows.Int(6);
  return row;
}

Status CatalogTransaction::InsertIndex(int64_t table_id, const Table& table, const PartitionIndex& index) {
  if (index.keys.empty()) return InvalidInput("A partition index needs at least one key");
  std::vector<std::string> keys;
  for (const auto& key : index.keys) {
    auto it = std::find_if(table.definition.partition_keys.begin(), table.definition.partition_keys.end(),
                           [&](const Column& column) { return EqualsIgnoreCase(column.name, key); });
    if (it == table.definition.partition_keys.end()) {
      return InvalidInput(fmt::format("Partition index key '{}' is not a partition key of table {}", key,
                                      table.definition.name));
    }
    keys.push_back(it->name);
  }
  ASSIGN_OR_RETURN(auto count, txn_.QueryInt("SELECT COUNT(*) FROM partition_indexes WHERE table_id = ?", table_id));
  ASSIGN_OR_RETURN(auto existing,
                   txn_.QueryInt("SELECT 1 FROM partition_indexes WHERE table_id = ? AND name = ?", table_id,
                                 index.name));
  if (existing) return AwsError("AlreadyExistsException", 400, fmt::format("Index {} already exists.", index.name));
  if (count.value_or(0) >= static_cast<int64_t>(kMaxPartitionIndexes)) {
    return AwsError("ResourceNumberLimitExceededException", 400,
                    fmt::format("A table can have at most {} partition indexes", kMaxPartitionIndexes));
  }
  json::array key_list;
  for (const auto& key : keys) key_list.emplace_back(key);
  return txn_.Exec("INSERT INTO partition_indexes (table_id, name, keys, create_time) VALUES (?, ?, ?, ?)", table_id,
                   index.name, ToJson(key_list), now_micros_);
}

Status CatalogTransaction::CreateTable(std::string_view database, const TableDefinition& input,
                                       const std::vector<PartitionIndex>& indexes,
                                       const std::optional<std::string>& created_by) {
  ASSIGN_OR_RETURN(int64_t database_id, DatabaseId(database));
  TableDefinition definition = input;
  definition.name = Lower(input.name);
  ASSIGN_OR_RETURN(auto existing, txn_.QueryInt("SELECT id FROM tables WHERE database_id = ? AND name = ?",
                                                database_id, definition.name));
  if (existing) return AwsError("AlreadyExistsException", 400, "Table already exists.");
  std::string document = ToJson(TableDefinitionToJson(definition));
  RETURN_IF_ERROR(txn_.Exec(
      "INSERT INTO tables (database_id, name, version, definition, create_time, update_time, created_by) "
      "VALUES (?, ?, 0, ?, ?, ?, ?)",
      database_id, definition.name, document, now_micros_, now_micros_, created_by));
  int64_t table_id = txn_.last_insert_id();
  RETURN_IF_ERROR(txn_.Exec("INSERT INTO table_versions (table_id, version, definition, update_time) VALUES (?, 0, ?, ?)",
                            table_id, document, now_micros_));
  Table table;
  table.definition = definition;
  for (const auto& index : indexes) RETURN_IF_ERROR(InsertIndex(table_id, table, index));
  return Status::Ok();
}

Result<Table> CatalogTransaction::GetTable(std::string_view database, std::string_view name) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, name));
  return std::move(row.table);
}

Result<Page<Table>> CatalogTransaction::GetTables(std::string_view database, std::string_view name_pattern,
                                                  const PageRequest& page) {
  ASSIGN_OR_RETURN(int64_t database_id, DatabaseId(database));
  std::unique_ptr<RE2> pattern;
  if (!name_pattern.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    pattern = std::make_unique<RE2>(TableNamePatternToRegex(name_pattern), options);
    if (!pattern->ok()) return InvalidInput(fmt::format("Invalid table name expression: {}", pattern->error()));
  }
  uint64_t query = Fingerprint(name_pattern, Fingerprint(Lower(database)));
  Status status;
  std::string after = PositionOf(page, "tables", query, &status).value_or("");
  RETURN_IF_ERROR(status);
  Page<Table> out;
  auto rows = txn_.Query(
      "SELECT name, definition, create_time, update_time, created_by, version FROM tables "
      "WHERE database_id = ? AND name > ? ORDER BY name",
      database_id, after);
  while (rows.Next()) {
    std::string_view name = rows.View(0);
    if (pattern && !RE2::FullMatch(re2::StringPiece(name.data(), name.size()), *pattern)) continue;
    if (static_cast<int>(out.items.size()) == page.limit) {
      out.next_token = EncodePageToken({"tables", out.items.back().definition.name, query});
      break;
    }
    ASSIGN_OR_RETURN(Table table, TableFromRow(rows, Lower(database), 1));
    out.items.push_back(std::move(table));
  }
  RETURN_IF_ERROR(rows.status());
  return out;
}

Status CatalogTransaction::UpdateTable(std::string_view database, const TableDefinition& input,
                                       const UpdateTableOptions& options) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, input.name));
  if (options.expected_version && *options.expected_version != row.version) {
    return AwsError("ConcurrentModificationException", 400, "Update table failed due to concurrent modifications.");
  }
  TableDefinition definition = input;
  definition.name = Lower(input.name);
  std::string document = ToJson(TableDefinitionToJson(definition));
  int64_t version = row.version + 1;
  if (options.skip_archive) {
    RETURN_IF_ERROR(txn_.Exec("DELETE FROM table_versions WHERE table_id = ? AND version = ?", row.id, row.version));
  }
  RETURN_IF_ERROR(txn_.Exec("UPDATE tables SET definition = ?, version = ?, update_time = ? WHERE id = ?", document,
                            version, now_micros_, row.id));
  return txn_.Exec("INSERT INTO table_versions (table_id, version, definition, update_time) VALUES (?, ?, ?, ?)", row.id,
                   version, document, now_micros_);
}

Status CatalogTransaction::DeleteTable(std::string_view database, std::string_view name) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, name));
  return txn_.Exec("DELETE FROM tables WHERE id = ?", row.id);
}

Result<Page<Table>> CatalogTransaction::GetTableVersions(std::string_view database, std::string_view name,
                                                         const PageRequest& page) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, name));
  uint64_t query = Fingerprint(Lower(name), Fingerprint(Lower(database)));
  Status status;
  auto position = PositionOf(page, "table-versions", query, &status);
  RETURN_IF_ERROR(status);
  int64_t before = position ? ParsePosition(*position) : INT64_MAX;
  Page<Table> out;
  auto rows = txn_.Query(
      "SELECT v.definition, t.create_time, v.update_time, t.created_by, v.version FROM table_versions v "
      "JOIN tables t ON t.id = v.table_id WHERE v.table_id = ? AND v.version < ? ORDER BY v.version DESC LIMIT ?",
      row.id, before, page.limit + 1);
  while (rows.Next()) {
    if (static_cast<int>(out.items.size()) == page.limit) {
      out.next_token = EncodePageToken({"table-versions", std::to_string(out.items.back().version_id), query});
      break;
    }
    ASSIGN_OR_RETURN(Table table, TableFromRow(rows, Lower(database), 0));
    out.items.push_back(std::move(table));
  }
  RETURN_IF_ERROR(rows.status());
  return out;
}

Result<Table> CatalogTransaction::GetTableVersion(std::string_view database, std::string_view name,
                                                  std::optional<int64_t> version) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, name));
  if (!version) return std::move(row.table);
  auto rows = txn_.Query(
      "SELECT v.definition, t.create_time, v.update_time, t.created_by, v.version FROM table_versions v "
      "JOIN tables t ON t.id = v.table_id WHERE v.table_id = ? AND v.version = ?",
      row.id, *version);
  if (!rows.Next()) {
    RETURN_IF_ERROR(rows.status());
    return AwsError("EntityNotFoundException", 400,
                    fmt::format("Version {} of table {} not found.", *version, Lower(name)));
  }
  return TableFromRow(rows, Lower(database), 0);
}

Status CatalogTransaction::DeleteTableVersion(std::string_view database, std::string_view name, int64_t version) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, name));
  if (version == row.version) {
    return InvalidInput(fmt::format("Version {} is the current version of table {} and cannot be deleted", version,
                                    Lower(name)));
  }
  RETURN_IF_ERROR(txn_.Exec("DELETE FROM table_versions WHERE table_id = ? AND version = ?", row.id, version));
  if (txn_.changes() == 0) {
    return AwsError("EntityNotFoundException", 400,
                    fmt::format("Version {} of table {} not found.", version, Lower(name)));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- partitions

Status CatalogTransaction::CheckPartitionValues(const Table& table, const std::vector<std::string>& values) {
  size_t keys = table.definition.partition_keys.size();
  if (values.size() != keys) {
    return InvalidInput(fmt::format("The number of partition values ({}) does not match the number of partition keys "
                                    "({}) of table {}",
                                    values.size(), keys, table.definition.name));
  }
  if (keys == 0) return InvalidInput(fmt::format("Table {} has no partition keys", table.definition.name));
  return Status::Ok();
}

// Columns: partition_values, creation_time, definition.
Result<Partition> CatalogTransaction::PartitionFromRow(meta::Cursor& rows, const Table& table) {
  Partition partition;
  std::vector<std::string_view> values;
  if (!DecodePartitionValues(rows.View(0), &values)) return DataLoss("catalog.db holds malformed partition values");
  ASSIGN_OR_RETURN(json::object stored, ParseStored(rows.View(2)));
  partition.definition = PartitionDefinitionFromJson(stored);
  partition.definition.values.assign(values.begin(), values.end());
  partition.database_name = table.database_name;
  partition.table_name = table.definition.name;
  partition.catalog_id = catalog_id_;
  partition.creation_time_micros = rows.Int(1);
  return partition;
}

Status CatalogTransaction::CreatePartition(std::string_view database, std::string_view table_name,
                                           const PartitionDefinition& definition) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  RETURN_IF_ERROR(CheckPartitionValues(row.table, definition.values));
  std::string key = EncodePartitionValues(definition.values);
  ASSIGN_OR_RETURN(auto existing, txn_.QueryInt("SELECT id FROM partitions WHERE table_id = ? AND partition_values = ?",
                                                row.id, meta::Blob{key}));
  if (existing) return AwsError("AlreadyExistsException", 400, "Partition already exists.");
  touched_tables_.insert(row.id);
  return txn_.Exec("INSERT INTO partitions (table_id, partition_values, creation_time, definition) VALUES (?, ?, ?, ?)",
                   row.id, meta::Blob{key}, now_micros_, ToJson(PartitionDefinitionToJson(definition)));
}

Result<Partition> CatalogTransaction::GetPartition(std::string_view database, std::string_view table_name,
                                                   const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  auto rows = txn_.Query(
      "SELECT partition_values, creation_time, definition FROM partitions WHERE table_id = ? AND partition_values = ?",
      row.id, meta::Blob{EncodePartitionValues(values)});
  if (!rows.Next()) {
    RETURN_IF_ERROR(rows.status());
    return PartitionNotFound();
  }
  return PartitionFromRow(rows, row.table);
}

Result<Page<Partition>> CatalogTransaction::GetPartitions(std::string_view database, std::string_view table_name,
                                                          const PartitionQuery& query) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  if (query.total_segments < 1 || query.segment_number < 0 || query.segment_number >= query.total_segments) {
    return InvalidInput(fmt::format("Segment number {} is not within [0, {})", query.segment_number,
                                    query.total_segments));
  }
  ASSIGN_OR_RETURN(PartitionExpression expression,
                   PartitionExpression::Parse(query.expression, row.table.definition.partition_keys));
  uint64_t fingerprint = Fingerprint(
      fmt::format("{}\n{}\n{}\n{}", query.segment_number, query.total_segments, TrimSpaces(query.expression), row.id));
  Status status;
  auto position = PositionOf(query.page, "partitions", fingerprint, &status);
  RETURN_IF_ERROR(status);
  int64_t after = position ? ParsePosition(*position) : 0;

  // Pass 1 runs over the partition keys only to find this page: from the cached copy when there
  // is one, otherwise straight from the covering index.
  std::vector<int64_t> ids;
  std::optional<std::string> next_token;
  std::vector<std::string_view> values;
  auto visit = [&](int64_t id, std::string_view encoded) -> Result<bool> {  // false once the page is full
    if (query.total_segments > 1 && PartitionSegment(encoded, query.total_segments) != query.segment_number) {
      return true;
    }
    if (!expression.matches_everything()) {
      if (!DecodePartitionValues(encoded, &values)) return DataLoss("catalog.db holds malformed partition values");
      ASSIGN_OR_RETURN(bool matches, expression.Matches(values));
      if (!matches) return true;
    }
    if (static_cast<int>(ids.size()) == query.page.limit) {
      next_token = EncodePageToken({"partitions", std::to_string(ids.back()), fingerprint});
      return false;
    }
    ids.push_back(id);
    return true;
  };
  ASSIGN_OR_RETURN(auto keys, PartitionKeys(row));
  if (keys) {
    auto start = std::upper_bound(keys->ids.begin(), keys->ids.end(), after) - keys->ids.begin();
    for (size_t i = static_cast<size_t>(start); i < keys->size(); ++i) {
      ASSIGN_OR_RETURN(bool more, visit(keys->ids[i], keys->values(i)));
      if (!more) break;
    }
  } else {
    auto rows = txn_.Query("SELECT id, partition_values FROM partitions WHERE table_id = ? AND id > ? ORDER BY id",
                           row.id, after);
    while (rows.Next()) {
      ASSIGN_OR_RETURN(bool more, visit(rows.Int(0), rows.View(1)));
      if (!more) break;
    }
    RETURN_IF_ERROR(rows.status());
  }
  // Pass 2 loads their definitions.
  Page<Partition> out;
  out.next_token = std::move(next_token);
  out.items.reserve(ids.size());
  for (int64_t id : ids) {
    auto rows = txn_.Query("SELECT partition_values, creation_time, definition FROM partitions WHERE id = ?", id);
    if (!rows.Next()) {
      RETURN_IF_ERROR(rows.status());
      continue;
    }
    ASSIGN_OR_RETURN(Partition partition, PartitionFromRow(rows, row.table));
    out.items.push_back(std::move(partition));
  }
  return out;
}

Result<std::shared_ptr<const PartitionKeyList>> CatalogTransaction::PartitionKeys(const TableRow& row) {
  PartitionKeyVersion version{row.id, row.table.create_time_micros, row.partition_generation};
  if (!cache_) return nullptr;
  if (auto cached = cache_->Get(version)) return cached;
  ASSIGN_OR_RETURN(auto count, txn_.QueryInt("SELECT COUNT(*) FROM partitions WHERE table_id = ?", row.id));
  if (count.value_or(0) < static_cast<int64_t>(PartitionScanCache::kMinPartitions)) return nullptr;
  auto list = std::make_shared<PartitionKeyList>();
  list->offsets.push_back(0);
  auto rows = txn_.Query("SELECT id, partition_values FROM partitions WHERE table_id = ? ORDER BY id", row.id);
  while (rows.Next()) {
    list->ids.push_back(rows.Int(0));
    list->data.append(rows.View(1));
    list->offsets.push_back(static_cast<uint32_t>(list->data.size()));
    // A table too large to cache is scanned from the database on every call instead.
    if (list->bytes() > cache_->max_bytes()) return nullptr;
  }
  RETURN_IF_ERROR(rows.status());
  std::shared_ptr<const PartitionKeyList> result = std::move(list);
  cache_->Put(version, result);
  return result;
}

Status CatalogTransaction::FinishWrite() {
  for (int64_t table : touched_tables_) {
    RETURN_IF_ERROR(txn_.Exec("UPDATE tables SET partition_generation = partition_generation + 1 WHERE id = ?", table));
  }
  touched_tables_.clear();
  return Status::Ok();
}

Result<std::vector<Partition>> CatalogTransaction::ListAllPartitions(std::string_view database,
                                                                     std::string_view table_name) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  std::vector<Partition> out;
  auto rows = txn_.Query(
      "SELECT partition_values, creation_time, definition FROM partitions WHERE table_id = ? ORDER BY id", row.id);
  while (rows.Next()) {
    ASSIGN_OR_RETURN(Partition partition, PartitionFromRow(rows, row.table));
    out.push_back(std::move(partition));
  }
  RETURN_IF_ERROR(rows.status());
  return out;
}

Status CatalogTransaction::UpdatePartition(std::string_view database, std::string_view table_name,
                                           const std::vector<std::string>& values,
                                           const PartitionDefinition& definition) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  std::string old_key = EncodePartitionValues(values);
  ASSIGN_OR_RETURN(auto id, txn_.QueryInt("SELECT id FROM partitions WHERE table_id = ? AND partition_values = ?",
                                          row.id, meta::Blob{old_key}));
  if (!id) return PartitionNotFound();
  std::vector<std::string> new_values = definition.values.empty() ? values : definition.values;
  RETURN_IF_ERROR(CheckPartitionValues(row.table, new_values));
  std::string new_key = EncodePartitionValues(new_values);
  if (new_key != old_key) {
    ASSIGN_OR_RETURN(auto clash, txn_.QueryInt("SELECT id FROM partitions WHERE table_id = ? AND partition_values = ?",
                                               row.id, meta::Blob{new_key}));
    if (clash) return AwsError("AlreadyExistsException", 400, "Partition already exists.");
  }
  touched_tables_.insert(row.id);
  return txn_.Exec("UPDATE partitions SET partition_values = ?, definition = ? WHERE id = ?", meta::Blob{new_key},
                   ToJson(PartitionDefinitionToJson(definition)), *id);
}

Status CatalogTransaction::DeletePartition(std::string_view database, std::string_view table_name,
                                           const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  RETURN_IF_ERROR(txn_.Exec("DELETE FROM partitions WHERE table_id = ? AND partition_values = ?", row.id,
                            meta::Blob{EncodePartitionValues(values)}));
  if (txn_.changes() == 0) return PartitionNotFound();
  touched_tables_.insert(row.id);
  return Status::Ok();
}

// ---------------------------------------------------------------- partition indexes

Status CatalogTransaction::CreatePartitionIndex(std::string_view database, std::string_view table_name,
                                                const PartitionIndex& index) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  return InsertIndex(row.id, row.table, index);
}

Result<std::vector<PartitionIndex>> CatalogTransaction::GetPartitionIndexes(std::string_view database,
                                                                           std::string_view table_name) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  std::vector<PartitionIndex> out;
  auto rows = txn_.Query("SELECT name, keys FROM partition_indexes WHERE table_id = ? ORDER BY create_time, name",
                         row.id);
  while (rows.Next()) {
    PartitionIndex index;
    index.name = rows.Text(0);
    auto keys = ParseJson(rows.View(1));
    if (keys.ok() && keys->is_array()) {
      for (const auto& key : keys->get_array()) {
        if (key.is_string()) index.keys.emplace_back(key.get_string());
      }
    }
    out.push_back(std::move(index));
  }
  RETURN_IF_ERROR(rows.status());
  return out;
}

Status CatalogTransaction::DeletePartitionIndex(std::string_view database, std::string_view table_name,
                                                std::string_view name) {
  ASSIGN_OR_RETURN(TableRow row, LoadTable(database, table_name));
  RETURN_IF_ERROR(txn_.Exec("DELETE FROM partition_indexes WHERE table_id = ? AND name = ?", row.id, name));
  if (txn_.changes() == 0) {
    return AwsError("EntityNotFoundException", 400, fmt::format("Index {} not found.", name));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- Catalog

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& path, const Clock* clock, size_t cache_bytes) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<Catalog>(new Catalog(std::move(db), clock, cache_bytes));
}

Status Catalog::Write(std::string_view catalog_id, absl::FunctionRef<Status(CatalogTransaction&)> fn) {
  return db_->Write([&](meta::Transaction& txn) {
    CatalogTransaction catalog(txn, std::string(catalog_id), clock_->NowMicros(), &cache_);
    RETURN_IF_ERROR(fn(catalog));
    return catalog.FinishWrite();
  });
}

Status Catalog::Read(std::string_view catalog_id, absl::FunctionRef<Status(CatalogTransaction&)> fn) {
  return db_->Read([&](meta::Transaction& txn) {
    CatalogTransaction catalog(txn, std::string(catalog_id), clock_->NowMicros(), &cache_);
    return fn(catalog);
  });
}

Result<Table> Catalog::GetTable(std::string_view catalog_id, std::string_view database, std::string_view name) {
  std::optional<Table> table;
  RETURN_IF_ERROR(Read(catalog_id, [&](CatalogTransaction& txn) -> Status {
    ASSIGN_OR_RETURN(table, txn.GetTable(database, name));
    return Status::Ok();
  }));
  return std::move(*table);
}

}  // namespace sluice::catalog
