// Glue table operations: CreateTable, GetTable, GetTables, UpdateTable, DeleteTable,
// BatchDeleteTable, GetTableVersions, GetTableVersion, DeleteTableVersion,
// BatchDeleteTableVersion, SearchTables.
#include <charconv>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "catalog/api/catalog_api.h"
#include "catalog/api/glue_operation.h"
#include "catalog/model_json.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

namespace {

// A VersionId: the text of a non-negative integer.
Result<int64_t> ParseVersionId(std::string_view text) {
  int64_t value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return AwsError("InvalidInputException", 400, fmt::format("Invalid version id: {}", text));
  }
  return value;
}

// The table definition of a CreateTable/UpdateTable request: TableInput, named by it or by the
// request's own Name member.
Result<TableDefinition> TableInputOf(const json::object& input) {
  const json::object* table_input = GetObject(input, "TableInput");
  if (table_input == nullptr) {
    return AwsError("InvalidInputException", 400, "TableInput is required");
  }
  TableDefinition definition = TableDefinitionFromJson(*table_input);
  if (auto name = GetString(input, "Name"); definition.name.empty() && name) definition.name = std::string(*name);
  if (definition.name.empty()) return AwsError("InvalidInputException", 400, "Table name is required");
  return definition;
}

json::object TableVersionToJson(const Table& table) {
  json::object out;
  out["Table"] = TableToJson(table);
  out["VersionId"] = std::to_string(table.version_id);
  return out;
}

}  // namespace

void RegisterTableOperations(http::JsonService& glue, Catalog* catalog) {
  AddGlueOperation(glue, "CreateTable",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     ASSIGN_OR_RETURN(TableDefinition definition, TableInputOf(input));
                     std::vector<PartitionIndex> indexes;
                     if (const json::array* list = GetArray(input, "PartitionIndexes")) {
                       for (const auto& item : *list) {
                         if (!item.is_object()) continue;
                         indexes.push_back({StringMember(item.get_object(), "IndexName"),
                                            StringListMember(item.get_object(), "Keys")});
                       }
                     }
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.CreateTable(StringMember(input, "DatabaseName"), definition, indexes,
                                              CallerArn(context));
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "GetTable",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(Table table, txn.GetTable(StringMember(input, "DatabaseName"),
                                                                  StringMember(input, "Name")));
                       out["Table"] = TableToJson(table);
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "GetTables",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     bool names_only = false, with_type = false;
                     for (const auto& attribute : StringListMember(input, "AttributesToGet")) {
                       names_only = names_only || attribute == "NAME";
                       with_type = with_type || attribute == "TABLE_TYPE";
                     }
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(auto page, txn.GetTables(StringMember(input, "DatabaseName"),
                                                                 StringMember(input, "Expression"),
                                                                 PageRequestOf(input, 100)));
                       json::array list;
                       for (const auto& table : page.items) {
                         if (names_only || with_type) {
                           json::object item{{"Name", table.definition.name}};
                           if (with_type && table.definition.table_type) item["TableType"] = *table.definition.table_type;
                           list.emplace_back(std::move(item));
                         } else {
                           list.emplace_back(TableToJson(table));
                         }
                       }
                       out["TableList"] = std::move(list);
                       if (page.next_token) out["NextToken"] = *page.next_token;
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "UpdateTable",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     ASSIGN_OR_RETURN(TableDefinition definition, TableInputOf(input));
                     UpdateTableOptions options;
                     options.skip_archive = GetBool(input, "SkipArchive").value_or(false);
                     if (auto version = GetString(input, "VersionId")) {
                       ASSIGN_OR_RETURN(options.expected_version, ParseVersionId(*version));
                     }
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.UpdateTable(StringMember(input, "DatabaseName"), definition, options);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "DeleteTable",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.DeleteTable(StringMember(input, "DatabaseName"), StringMember(input, "Name"));
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "BatchDeleteTable",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     std::string database = StringMember(input, "DatabaseName");
                     json::array errors;
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetDatabase(database).status());
                       for (const auto& name : StringListMember(input, "TablesToDelete")) {
                         Status status = txn.DeleteTable(database, name);
                         if (status.ok()) continue;
                         if (!IsItemError(status)) return status;
                         errors.emplace_back(json::object{{"TableName", name}, {"ErrorDetail", ErrorDetailOf(status)}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Errors"] = std::move(errors);
                     return out;
                   });

  AddGlueOperation(glue, "GetTableVersions",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(auto page, txn.GetTableVersions(StringMember(input, "DatabaseName"),
                                                                        StringMember(input, "TableName"),
                                                                        PageRequestOf(input, 100)));
                       json::array versions;
                       for (const auto& table : page.items) versions.emplace_back(TableVersionToJson(table));
                       out["TableVersions"] = std::move(versions);
                       if (page.next_token) out["NextToken"] = *page.next_token;
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "GetTableVersion",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     std::optional<int64_t> version;
                     if (auto text = GetString(input, "VersionId")) {
                       ASSIGN_OR_RETURN(version, ParseVersionId(*text));
                     }
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(Table table, txn.GetTableVersion(StringMember(input, "DatabaseName"),
                                                                         StringMember(input, "TableName"), version));
                       out["TableVersion"] = TableVersionToJson(table);
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "DeleteTableVersion",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     ASSIGN_OR_RETURN(int64_t version, ParseVersionId(StringMember(input, "VersionId")));
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.DeleteTableVersion(StringMember(input, "DatabaseName"),
                                                     StringMember(input, "TableName"), version);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "BatchDeleteTableVersion",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     std::string database = StringMember(input, "DatabaseName");
                     std::string table = StringMember(input, "TableName");
                     json::array errors;
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       RETURN_IF_ERROR(txn.GetTable(database, table).status());
                       for (const auto& text : StringListMember(input, "VersionIds")) {
                         auto version = ParseVersionId(text);
                         Status status = version.ok() ? txn.DeleteTableVersion(database, table, *version)
                                                      : version.status();
                         if (status.ok()) continue;
                         if (!IsItemError(status)) return status;
                         errors.emplace_back(json::object{
                             {"TableName", table}, {"VersionId", text}, {"ErrorDetail", ErrorDetailOf(status)}});
                       }
                       return Status::Ok();
                     }));
                     json::object out;
                     out["Errors"] = std::move(errors);
                     return out;
                   });

  AddGlueOperation(glue, "SearchTables",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     SearchQuery query;
                     query.page = PageRequestOf(input, 100);
                     if (auto text = GetString(input, "SearchText")) query.search_text = std::string(*text);
                     if (const json::array* filters = GetArray(input, "Filters")) {
                       for (const auto& item : *filters) {
                         if (!item.is_object()) continue;
                         SearchQuery::Filter filter;
                         filter.key = StringMember(item.get_object(), "Key");
                         filter.value = StringMember(item.get_object(), "Value");
                         filter.comparator = std::string(GetString(item.get_object(), "Comparator").value_or("EQUALS"));
                         if (filter.key.empty() || filter.value.empty()) {
                           return AwsError("InvalidInputException", 400, "A search filter needs a Key and a Value");
                         }
                         query.filters.push_back(std::move(filter));
                       }
                     }
                     if (const json::array* sorts = GetArray(input, "SortCriteria"); sorts && !sorts->empty()) {
                       const json::value& sort = sorts->front();
                       if (sort.is_object()) {
                         if (auto field = GetString(sort.get_object(), "FieldName")) query.sort_field = std::string(*field);
                         query.sort_descending = GetString(sort.get_object(), "Sort").value_or("ASC") == "DESC";
                       }
                     }
                     json::object out;
                     std::string share_type(GetString(input, "ResourceShareType").value_or(""));
                     if (share_type == "FOREIGN" || share_type == "FEDERATED") {
                       out["TableList"] = json::array();
                       return out;
                     }
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(auto page, txn.SearchTables(query));
                       json::array list;
                       for (const auto& table : page.items) list.emplace_back(TableToJson(table));
                       out["TableList"] = std::move(list);
                       if (page.next_token) out["NextToken"] = *page.next_token;
                       return Status::Ok();
                     }));
                     return out;
                   });
}

}  // namespace sluice::catalog
