// Glue database operations: CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase,
// DeleteDatabase.
#include <boost/json/array.hpp>

#include "catalog/api/catalog_api.h"
#include "catalog/api/glue_operation.h"
#include "catalog/model_json.h"
#include "common/json.h"

namespace sluice::catalog {

namespace json = boost::json;

void RegisterDatabaseOperations(http::JsonService& glue, Catalog* catalog) {
  AddGlueOperation(glue, "CreateDatabase",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     DatabaseDefinition definition = DatabaseDefinitionFromJson(*GetObject(input, "DatabaseInput"));
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.CreateDatabase(definition);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "GetDatabase",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     json::object out;
                     RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                       ASSIGN_OR_RETURN(Database database, txn.GetDatabase(StringMember(input, "Name")));
                       out["Database"] = DatabaseToJson(database);
                       return Status::Ok();
                     }));
                     return out;
                   });

  AddGlueOperation(glue, "GetDatabases",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     json::array list;
                     std::optional<std::string> next_token;
                     std::string share_type(GetString(input, "ResourceShareType").value_or(""));
                     // Sluice shares nothing across accounts: FOREIGN and FEDERATED are empty.
                     if (share_type != "FOREIGN" && share_type != "FEDERATED") {
                       bool names_only = false;
                       for (const auto& attribute : StringListMember(input, "AttributesToGet")) {
                         names_only = names_only || attribute == "NAME";
                       }
                       RETURN_IF_ERROR(catalog->Read(CatalogIdOf(input, context), [&](CatalogTransaction& txn) -> Status {
                         ASSIGN_OR_RETURN(auto page, txn.GetDatabases(PageRequestOf(input, 100)));
                         for (const auto& database : page.items) {
                           if (names_only) {
                             list.emplace_back(json::object{{"Name", database.definition.name}});
                           } else {
                             list.emplace_back(DatabaseToJson(database));
                           }
                         }
                         next_token = page.next_token;
                         return Status::Ok();
                       }));
                     }
                     json::object out;
                     out["DatabaseList"] = std::move(list);
                     if (next_token) out["NextToken"] = *next_token;
                     return out;
                   });

  AddGlueOperation(glue, "UpdateDatabase",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     DatabaseDefinition definition = DatabaseDefinitionFromJson(*GetObject(input, "DatabaseInput"));
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.UpdateDatabase(StringMember(input, "Name"), definition);
                     }));
                     return json::object();
                   });

  AddGlueOperation(glue, "DeleteDatabase",
                   [catalog](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                     RETURN_IF_ERROR(catalog->Write(CatalogIdOf(input, context), [&](CatalogTransaction& txn) {
                       return txn.DeleteDatabase(StringMember(input, "Name"));
                     }));
                     return json::object();
                   });
}

}  // namespace sluice::catalog
