// Glue partition operations: CreatePartition, BatchCreatePartition, GetPartition,
// GetPartitions, BatchGetPartition, UpdatePartition, BatchUpdatePartition, DeletePartition,
// BatchDeletePartition, and the partition indexes (CreatePartitionIndex, GetPartitionIndexes,
// DeletePartitionIndex).
#include <boost/json/array.hpp>

#include "catalog/api/catalog_api.h"
#include "catalog/api/glue_operation.h"
#include "catalog/model_json.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

namespace {

json::array ValuesToJson(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

// The Values lists of a [{Values: [...]}, ...] member.
std::vector<std::vector<std::string>> ValueLists(const json::object& input, std::string_view key) {
  std::vector<std::vector<std::string>> out;
  if (const json::array* list = GetArray(input, key)) {
    for (const auto& item : *list) {
      if (item.is_object()) out.push_back(StringListMember(item.get_object(), "Values"));
    }
  }
  return out;
}

struct TableName {
  std::string database;
  std::string table;
};

TableName TableNameOf(const json::object& input) {
  return {StringMember(input, "DatabaseName"), StringMember(input, "TableName")};
}

}  // namespace

void RegisterPartitionOperations(http::JsonService& glue, Catalog* catalog) {
  AddGlueOperation(glue, "CreatePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     PartitionDefinition definition = PartitionDefinitionFromJson(*GetObject(input, "PartitionInput"));
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.CreatePartition(name.database, name.table, definition);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "BatchCreatePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::array errors;
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetTable(name.database, name.table).status());
                       const json::array* list = GetArray(input, "PartitionInputList");
                       for (const auto& item : list ? *list : json::array()) {
                         if (!item.is_object()) continue;
                         PartitionDefinition definition = PartitionDefinitionFromJson(item.get_object());
                         Status status = txn.CreatePartition(name.database, name.table, definition);
                         if (status.ok()) continue;
                         if (!IsItemError(status)) return status;
                         errors.emplace_back(json::object{{"PartitionValues", ValuesToJson(definition.values)},
                                                          {"ErrorDetail", ErrorDetailOf(status)}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Errors"] = std::move(errors);
                     return out;
                   });

  AddGlueOperation(glue, "GetPartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(Partition partition,
                                        txn.GetPartition(name.database, name.table,
                                                         StringListMember(input, "PartitionValues")));
                       out["Partition"] = PartitionToJson(partition);
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "GetPartitions",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     PartitionQuery query;
                     query.expression = StringMember(input, "Expression");
                     query.page = PageRequestOf(input, 1000);
                     if (const json::object* segment = GetObject(input, "Segment")) {
                       query.segment_number = static_cast<int>(GetInt(*segment, "SegmentNumber").value_or(0));
                       query.total_segments = static_cast<int>(GetInt(*segment, "TotalSegments").value_or(1));
                     }
                     bool include_columns = !GetBool(input, "ExcludeColumnSchema").value_or(false);
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(auto page, txn.GetPartitions(name.database, name.table, query));
                       json::array partitions;
                       partitions.reserve(page.items.size());
                       for (const auto& partition : page.items) {
                         partitions.emplace_back(PartitionToJson(partition, include_columns));
                       }
                       out["Partitions"] = std::move(partitions);
                       if (page.next_token) out["NextToken"] = *page.next_token;
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "BatchGetPartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::array partitions;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetTable(name.database, name.table).status());
                       for (const auto& values : ValueLists(input, "PartitionsToGet")) {
                         auto partition = txn.GetPartition(name.database, name.table, values);
                         if (partition.ok()) {
                           partitions.emplace_back(PartitionToJson(*partition));
                         } else if (!IsItemError(partition.status())) {
                           return partition.status();
                         }
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Partitions"] = std::move(partitions);
                     out["UnprocessedKeys"] = json::array();
                     return out;
                   });

  AddGlueOperation(glue, "UpdatePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     PartitionDefinition definition = PartitionDefinitionFromJson(*GetObject(input, "PartitionInput"));
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.UpdatePartition(name.database, name.table,
                                                  StringListMember(input, "PartitionValueList"), definition);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "BatchUpdatePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::array errors;
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetTable(name.database, name.table).status());
                       const json::array* entries = GetArray(input, "Entries");
                       for (const auto& item : entries ? *entries : json::array()) {
                         if (!item.is_object()) continue;
                         const json::object& entry = item.get_object();
                         std::vector<std::string> values = StringListMember(entry, "PartitionValueList");
                         const json::object* partition_input = GetObject(entry, "PartitionInput");
                         Status status = txn.UpdatePartition(
                             name.database, name.table, values,
                             PartitionDefinitionFromJson(partition_input ? *partition_input : json::object()));
                         if (status.ok()) continue;
                         if (!IsItemError(status)) return status;
                         errors.emplace_back(json::object{{"PartitionValueList", ValuesToJson(values)},
                                                          {"ErrorDetail", ErrorDetailOf(status)}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Errors"] = std::move(errors);
                     return out;
                   });

  AddGlueOperation(glue, "DeletePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.DeletePartition(name.database, name.table, StringListMember(input, "PartitionValues"));
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "BatchDeletePartition",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::array errors;
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetTable(name.database, name.table).status());
                       for (const auto& values : ValueLists(input, "PartitionsToDelete")) {
                         Status status = txn.DeletePartition(name.database, name.table, values);
                         if (status.ok()) continue;
                         if (!IsItemError(status)) return status;
                         errors.emplace_back(json::object{{"PartitionValues", ValuesToJson(values)},
                                                          {"ErrorDetail", ErrorDetailOf(status)}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Errors"] = std::move(errors);
                     return out;
                   });

  AddGlueOperation(glue, "CreatePartitionIndex",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     const json::object* index = GetObject(input, "PartitionIndex");
                     PartitionIndex partition_index{StringMember(*index, "IndexName"), StringListMember(*index, "Keys")};
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.CreatePartitionIndex(name.database, name.table, partition_index);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "GetPartitionIndexes",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     json::array descriptors;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(Table table, txn.GetTable(name.database, name.table));
                       ASSIGN_OR_RETURN(auto indexes, txn.GetPartitionIndexes(name.database, name.table));
                       for (const auto& index : indexes) {
                         json::array keys;
                         for (const auto& key : index.keys) {
                           std::string type = "string";
                           for (const auto& column : table.definition.partition_keys) {
                             if (column.name == key) type = column.type;
                           }
                           keys.emplace_back(json::object{{"Name", key}, {"Type", type}});
                         }
                         descriptors.emplace_back(json::object{
                             {"IndexName", index.name}, {"Keys", std::move(keys)}, {"IndexStatus", "ACTIVE"}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["PartitionIndexDescriptorList"] = std::move(descriptors);
                     return out;
                   });

  AddGlueOperation(glue, "DeletePartitionIndex",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     TableName name = TableNameOf(input);
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.DeletePartitionIndex(name.database, name.table, StringMember(input, "IndexName"));
                     }));
                     return json::object();
                   });
}

}  // namespace sluice::catalog
