// Conversions between the catalog model (model.h) and AWS Glue's JSON shapes: the *Input
// shapes clients send (and the catalog stores), and the full shapes Get* operations return,
// with timestamps as epoch seconds and the defaults real Glue fills in on read (empty lists,
// Compressed false, Retention 0, IsRegisteredWithLakeFormation false).
//
// The From* functions read documents that GlueModel::ValidateInput has already checked (or
// that the catalog wrote itself): members of an unexpected JSON type are ignored, never fatal.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "catalog/model.h"

namespace sluice::catalog {

// Epoch seconds (JSON number, fraction allowed; or an ISO-8601 string) ↔ microseconds.
std::optional<int64_t> TimestampMicros(const boost::json::value& value);
boost::json::value EpochSeconds(int64_t micros);

Parameters ParametersFromJson(const boost::json::object* object);
boost::json::object ParametersToJson(const Parameters& parameters);

Column ColumnFromJson(const boost::json::object& object);
boost::json::object ColumnToJson(const Column& column);
std::vector<Column> ColumnsFromJson(const boost::json::array* array);
boost::json::array ColumnsToJson(const std::vector<Column>& columns);

StorageDescriptor StorageDescriptorFromJson(const boost::json::object& object);
// `include_columns` false leaves out Columns (GetPartitions' ExcludeColumnSchema).
boost::json::object StorageDescriptorToJson(const StorageDescriptor& descriptor, bool include_columns = true);

DatabaseDefinition DatabaseDefinitionFromJson(const boost::json::object& object);
boost::json::object DatabaseDefinitionToJson(const DatabaseDefinition& definition);
boost::json::object DatabaseToJson(const Database& database);

TableDefinition TableDefinitionFromJson(const boost::json::object& object);
boost::json::object TableDefinitionToJson(const TableDefinition& definition);
boost::json::object TableToJson(const Table& table);

PartitionDefinition PartitionDefinitionFromJson(const boost::json::object& object);
// The stored form: every PartitionInput member except Values (kept apart by the store).
boost::json::object PartitionDefinitionToJson(const PartitionDefinition& definition);
boost::json::object PartitionToJson(const Partition& partition, bool include_columns = true);

}  // namespace sluice::catalog
