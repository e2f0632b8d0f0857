// The Data Catalog's objects as C++ values: databases, tables (with their storage descriptor,
// columns and partition keys) and partitions, named and shaped as AWS Glue names them
// (DatabaseInput/Database, TableInput/Table, PartitionInput/Partition). Jobs resolve catalog
// tables through these types and crawlers write them; model_json.h converts them to and from
// Glue's JSON shapes. Names of databases and tables are stored lowercase.
//
// Timestamps are int64 microseconds since the epoch (the API shows them as epoch seconds).
// Members that Sluice stores and echoes but never interprets (Lake Formation permissions,
// resource links, view definitions, skew info, schema references) are kept as JSON in `extra`.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace sluice::catalog {

// Glue's ParametersMap: string keys to string values.
using Parameters = std::map<std::string, std::string>;

struct Column {
  std::string name;
  std::string type;  // a Hive type string: "bigint", "array<struct<a:int>>", ...
  std::optional<std::string> comment;
  Parameters parameters;

  bool operator==(const Column&) const = default;
};

struct SerDeInfo {
  std::optional<std::string> name;
  std::optional<std::string> serialization_library;
  Parameters parameters;

  bool operator==(const SerDeInfo&) const = default;
};

struct SortOrder {
  std::string column;
  int64_t sort_order = 0;  // 1 ascending, 0 descending

  bool operator==(const SortOrder&) const = default;
};

struct StorageDescriptor {
  std::vector<Column> columns;
  std::optional<std::string> location;
  std::vector<std::string> additional_locations;
  std::optional<std::string> input_format;
  std::optional<std::string> output_format;
  bool compressed = false;
  std::optional<int64_t> number_of_buckets;
  std::optional<SerDeInfo> serde_info;
  std::vector<std::string> bucket_columns;
  std::vector<SortOrder> sort_columns;
  Parameters parameters;
  bool stored_as_subdirectories = false;
  boost::json::object extra;  // SkewedInfo, SchemaReference

  bool operator==(const StorageDescriptor&) const = default;
};

// DatabaseInput.
struct DatabaseDefinition {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> location_uri;
  Parameters parameters;
  boost::json::object extra;  // CreateTableDefaultPermissions, TargetDatabase, FederatedDatabase
};

// Database: the definition plus what the catalog adds.
struct Database {
  DatabaseDefinition definition;
  std::string catalog_id;
  int64_t create_time_micros = 0;
};

// TableInput.
struct TableDefinition {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> owner;
  std::optional<int64_t> last_access_time_micros;
  std::optional<int64_t> last_analyzed_time_micros;
  std::optional<int64_t> retention;
  std::optional<StorageDescriptor> storage_descriptor;
  std::vector<Column> partition_keys;
  std::optional<std::string> view_original_text;
  std::optional<std::string> view_expanded_text;
  std::optional<std::string> table_type;
  Parameters parameters;
  boost::json::object extra;  // TargetTable, ViewDefinition
};

// Table: the definition plus what the catalog adds.
struct Table {
  TableDefinition definition;
  std::string database_name;
  std::string catalog_id;
  int64_t create_time_micros = 0;
  int64_t update_time_micros = 0;
  std::optional<std::string> created_by;
  int64_t version_id = 0;  // "0" on creation, +1 per UpdateTable
};

// PartitionInput.
struct PartitionDefinition {
  std::vector<std::string> values;  // one per partition key, in key order
  std::optional<int64_t> last_access_time_micros;
  std::optional<int64_t> last_analyzed_time_micros;
  std::optional<StorageDescriptor> storage_descriptor;
  Parameters parameters;
};

// Partition: the definition plus what the catalog adds.
struct Partition {
  PartitionDefinition definition;
  std::string database_name;
  std::string table_name;
  std::string catalog_id;
  int64_t creation_time_micros = 0;
};

// PartitionIndex / PartitionIndexDescriptor.
struct PartitionIndex {
  std::string name;
  std::vector<std::string> keys;
};

}  // namespace sluice::catalog
