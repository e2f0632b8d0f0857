// Catalog model ↔ Glue JSON: see model_json.h.
#include "catalog/model_json.h"

#include <cmath>

#include <boost/json/array.hpp>

#include "common/clock.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

namespace {

std::optional<std::string> OptionalString(const json::object& object, std::string_view key) {
  auto value = GetString(object, key);
  if (!value) return std::nullopt;
  return std::string(*value);
}

std::optional<int64_t> OptionalTimestamp(const json::object& object, std::string_view key) {
  const json::value* value = FindMember(object, key);
  if (value == nullptr) return std::nullopt;
  return TimestampMicros(*value);
}

std::vector<std::string> StringList(const json::object& object, std::string_view key) {
  std::vector<std::string> out;
  if (const json::array* array = GetArray(object, key)) {
    for (const auto& item : *array) {
      if (item.is_string()) out.emplace_back(item.get_string());
    }
  }
  return out;
}

json::array StringListToJson(const std::vector<std::string>& values) {
  json::array out;
  out.reserve(values.size());
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

void PutOptional(json::object& out, std::string_view key, const std::optional<std::string>& value) {
  if (value) out[key] = *value;
}

void PutTimestamp(json::object& out, std::string_view key, const std::optional<int64_t>& micros) {
  if (micros) out[key] = EpochSeconds(*micros);
}

// Copies the listed members of `from`, when present, into `to`.
void CopyMembers(const json::object& from, std::initializer_list<std::string_view> keys, json::object& to) {
  for (auto key : keys) {
    if (const json::value* value = FindMember(from, key)) to[key] = *value;
  }
}

void MergeExtra(const json::object& extra, json::object& out) {
  for (const auto& entry : extra) out[entry.key()] = entry.value();
}

}  // namespace

std::optional<int64_t> TimestampMicros(const json::value& value) {
  if (auto seconds = AsNumber(value)) {
    if (!std::isfinite(*seconds) || std::fabs(*seconds) > 9e12) return std::nullopt;
    return static_cast<int64_t>(std::llround(*seconds * 1e6));
  }
  if (value.is_string()) return ParseIso8601(value.get_string());
  return std::nullopt;
}

json::value EpochSeconds(int64_t micros) {
  if (micros % 1000000 == 0) return json::value(micros / 1000000);
  // Millisecond precision, as AWS shows it.
  return json::value(static_cast<double>(micros / 1000) / 1000.0);
}

Parameters ParametersFromJson(const json::object* object) {
  Parameters out;
  if (object == nullptr) return out;
  for (const auto& entry : *object) {
    if (entry.value().is_string()) out.emplace(std::string(entry.key()), std::string(entry.value().get_string()));
  }
  return out;
}

json::object ParametersToJson(const Parameters& parameters) {
  json::object out;
  out.reserve(parameters.size());
  for (const auto& [key, value] : parameters) out[key] = value;
  return out;
}

Column ColumnFromJson(const json::object& object) {
  Column column;
  column.name = std::string(GetString(object, "Name").value_or(""));
  column.type = std::string(GetString(object, "Type").value_or(""));
  column.comment = OptionalString(object, "Comment");
  column.parameters = ParametersFromJson(GetObject(object, "Parameters"));
  return column;
}

json::object ColumnToJson(const Column& column) {
  json::object out;
  out["Name"] = column.name;
  out["Type"] = column.type;
  PutOptional(out, "Comment", column.comment);
  if (!column.parameters.empty()) out["Parameters"] = ParametersToJson(column.parameters);
  return out;
}

std::vector<Column> ColumnsFromJson(const json::array* array) {
  std::vector<Column> out;
  if (array == nullptr) return out;
  out.reserve(array->size());
  for (const auto& item : *array) {
    if (item.is_object()) out.push_back(ColumnFromJson(item.get_object()));
  }
  return out;
}

json::array ColumnsToJson(const std::vector<Column>& columns) {
  json::array out;
  out.reserve(columns.size());
  for (const auto& column : columns) out.emplace_back(ColumnToJson(column));
  return out;
}

StorageDescriptor StorageDescriptorFromJson(const json::object& object) {
  StorageDescriptor sd;
  sd.columns = ColumnsFromJson(GetArray(object, "Columns"));
  sd.location = OptionalString(object, "Location");
  sd.additional_locations = StringList(object, "AdditionalLocations");
  sd.input_format = OptionalString(object, "InputFormat");
  sd.output_format = OptionalString(object, "OutputFormat");
  sd.compressed = GetBool(object, "Compressed").value_or(false);
  sd.number_of_buckets = GetInt(object, "NumberOfBuckets");
  if (const json::object* serde = GetObject(object, "SerdeInfo")) {
    SerDeInfo info;
    info.name = OptionalString(*serde, "Name");
    info.serialization_library = OptionalString(*serde, "SerializationLibrary");
    info.parameters = ParametersFromJson(GetObject(*serde, "Parameters"));
    sd.serde_info = std::move(info);
  }
  sd.bucket_columns = StringList(object, "BucketColumns");
  if (const json::array* sorts = GetArray(object, "SortColumns")) {
    for (const auto& item : *sorts) {
      if (!item.is_object()) continue;
      sd.sort_columns.push_back({std::string(GetString(item.get_object(), "Column").value_or("")),
                                 GetInt(item.get_object(), "SortOrder").value_or(0)});
    }
  }
  sd.parameters = ParametersFromJson(GetObject(object, "Parameters"));
  sd.stored_as_subdirectories = GetBool(object, "StoredAsSubDirectories").value_or(false);
  CopyMembers(object, {"SkewedInfo", "SchemaReference"}, sd.extra);
  return sd;
}

json::object StorageDescriptorToJson(const StorageDescriptor& sd, bool include_columns) {
  json::object out;
  if (include_columns) out["Columns"] = ColumnsToJson(sd.columns);
  PutOptional(out, "Location", sd.location);
  if (!sd.additional_locations.empty()) out["AdditionalLocations"] = StringListToJson(sd.additional_locations);
  PutOptional(out, "InputFormat", sd.input_format);
  PutOptional(out, "OutputFormat", sd.output_format);
  out["Compressed"] = sd.compressed;
  out["NumberOfBuckets"] = sd.number_of_buckets.value_or(0);
  if (sd.serde_info) {
    json::object serde;
    PutOptional(serde, "Name", sd.serde_info->name);
    PutOptional(serde, "SerializationLibrary", sd.serde_info->serialization_library);
    serde["Parameters"] = ParametersToJson(sd.serde_info->parameters);
    out["SerdeInfo"] = std::move(serde);
  }
  out["BucketColumns"] = StringListToJson(sd.bucket_columns);
  json::array sorts;
  for (const auto& sort : sd.sort_columns) sorts.emplace_back(json::object{{"Column", sort.column}, {"SortOrder", sort.sort_order}});
  out["SortColumns"] = std::move(sorts);
  out["Parameters"] = ParametersToJson(sd.parameters);
  out["StoredAsSubDirectories"] = sd.stored_as_subdirectories;
  MergeExtra(sd.extra, out);
  return out;
}

DatabaseDefinition DatabaseDefinitionFromJson(const json::object& object) {
  DatabaseDefinition definition;
  definition.name = std::string(GetString(object, "Name").value_or(""));
  definition.description = OptionalString(object, "Description");
  definition.location_uri = OptionalString(object, "LocationUri");
  definition.parameters = ParametersFromJson(GetObject(object, "Parameters"));
  CopyMembers(object, {"CreateTableDefaultPermissions", "TargetDatabase", "FederatedDatabase"}, definition.extra);
  return definition;
}

json::object DatabaseDefinitionToJson(const DatabaseDefinition& definition) {
  json::object out;
  out["Name"] = definition.name;
  PutOptional(out, "Description", definition.description);
  PutOptional(out, "LocationUri", definition.location_uri);
  out["Parameters"] = ParametersToJson(definition.parameters);
  MergeExtra(definition.extra, out);
  return out;
}

json::object DatabaseToJson(const Database& database) {
  json::object out = DatabaseDefinitionToJson(database.definition);
  out["CreateTime"] = EpochSeconds(database.create_time_micros);
  if (!out.contains("CreateTableDefaultPermissions")) out["CreateTableDefaultPermissions"] = json::array();
  out["CatalogId"] = database.catalog_id;
  return out;
}

TableDefinition TableDefinitionFromJson(const json::object& object) {
  TableDefinition definition;
  definition.name = std::string(GetString(object, "Name").value_or(""));
  definition.description = OptionalString(object, "Description");
  definition.owner = OptionalString(object, "Owner");
  definition.last_access_time_micros = OptionalTimestamp(object, "LastAccessTime");
  definition.last_analyzed_time_micros = OptionalTimestamp(object, "LastAnalyzedTime");
  definition.retention = GetInt(object, "Retention");
  if (const json::object* sd = GetObject(object, "StorageDescriptor")) {
    definition.storage_descriptor = StorageDescriptorFromJson(*sd);
  }
  definition.partition_keys = ColumnsFromJson(GetArray(object, "PartitionKeys"));
  definition.view_original_text = OptionalString(object, "ViewOriginalText");
  definition.view_expanded_text = OptionalString(object, "ViewExpandedText");
  definition.table_type = OptionalString(object, "TableType");
  definition.parameters = ParametersFromJson(GetObject(object, "Parameters"));
  CopyMembers(object, {"TargetTable", "ViewDefinition"}, definition.extra);
  return definition;
}

json::object TableDefinitionToJson(const TableDefinition& definition) {
  json::object out;
  out["Name"] = definition.name;
  PutOptional(out, "Description", definition.description);
  PutOptional(out, "Owner", definition.owner);
  PutTimestamp(out, "LastAccessTime", definition.last_access_time_micros);
  PutTimestamp(out, "LastAnalyzedTime", definition.last_analyzed_time_micros);
  if (definition.retention) out["Retention"] = *definition.retention;
  if (definition.storage_descriptor) out["StorageDescriptor"] = StorageDescriptorToJson(*definition.storage_descriptor);
  out["PartitionKeys"] = ColumnsToJson(definition.partition_keys);
  PutOptional(out, "ViewOriginalText", definition.view_original_text);
  PutOptional(out, "ViewExpandedText", definition.view_expanded_text);
  PutOptional(out, "TableType", definition.table_type);
  out["Parameters"] = ParametersToJson(definition.parameters);
  MergeExtra(definition.extra, out);
  return out;
}

json::object TableToJson(const Table& table) {
  json::object out = TableDefinitionToJson(table.definition);
  out["DatabaseName"] = table.database_name;
  out["CreateTime"] = EpochSeconds(table.create_time_micros);
  out["UpdateTime"] = EpochSeconds(table.update_time_micros);
  if (!out.contains("Retention")) out["Retention"] = 0;
  if (table.created_by) out["CreatedBy"] = *table.created_by;
  out["IsRegisteredWithLakeFormation"] = false;
  out["CatalogId"] = table.catalog_id;
  out["VersionId"] = std::to_string(table.version_id);
  return out;
}

PartitionDefinition PartitionDefinitionFromJson(const json::object& object) {
  PartitionDefinition definition;
  definition.values = StringList(object, "Values");
  definition.last_access_time_micros = OptionalTimestamp(object, "LastAccessTime");
  definition.last_analyzed_time_micros = OptionalTimestamp(object, "LastAnalyzedTime");
  if (const json::object* sd = GetObject(object, "StorageDescriptor")) {
    definition.storage_descriptor = StorageDescriptorFromJson(*sd);
  }
  definition.parameters = ParametersFromJson(GetObject(object, "Parameters"));
  return definition;
}

json::object PartitionDefinitionToJson(const PartitionDefinition& definition) {
  json::object out;
  PutTimestamp(out, "LastAccessTime", definition.last_access_time_micros);
  PutTimestamp(out, "LastAnalyzedTime", definition.last_analyzed_time_micros);
  if (definition.storage_descriptor) out["StorageDescriptor"] = StorageDescriptorToJson(*definition.storage_descriptor);
  out["Parameters"] = ParametersToJson(definition.parameters);
  return out;
}

json::object PartitionToJson(const Partition& partition, bool include_columns) {
  json::object out;
  out["Values"] = StringListToJson(partition.definition.values);
  out["DatabaseName"] = partition.database_name;
  out["TableName"] = partition.table_name;
  out["CreationTime"] = EpochSeconds(partition.creation_time_micros);
  PutTimestamp(out, "LastAccessTime", partition.definition.last_access_time_micros);
  PutTimestamp(out, "LastAnalyzedTime", partition.definition.last_analyzed_time_micros);
  if (partition.definition.storage_descriptor) {
    out["StorageDescriptor"] = StorageDescriptorToJson(*partition.definition.storage_descriptor, include_columns);
  }
  out["Parameters"] = ParametersToJson(partition.definition.parameters);
  out["CatalogId"] = partition.catalog_id;
  return out;
}

}  // namespace sluice::catalog
