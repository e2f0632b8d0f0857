// Glue classifier operations: CreateClassifier, GetClassifier, GetClassifiers,
// UpdateClassifier, DeleteClassifier.
#include <boost/json/array.hpp>

#include "catalog/api/glue_operation.h"
#include "catalog/page_token.h"
#include "common/json.h"
#include "crawler/api/crawler_api.h"

namespace sluice::crawler {

namespace json = boost::json;
using catalog::AddGlueOperation;

void RegisterClassifierOperations(http::JsonService& glue, CrawlerStore* store) {
  AddGlueOperation(glue, "CreateClassifier",
                   [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     ASSIGN_OR_RETURN(ClassifierDefinition definition, ClassifierFromRequest(input));
                     RETURN_IF_ERROR(ValidateClassifier(definition));
                     RETURN_IF_ERROR(store->CreateClassifier(definition));
                     return json::object();
                   });

  AddGlueOperation(glue, "GetClassifier",
                   [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     ASSIGN_OR_RETURN(ClassifierRecord record, store->GetClassifier(catalog::StringMember(input, "Name")));
                     return json::object{{"Classifier", ClassifierToJson(record)}};
                   });

  AddGlueOperation(glue, "GetClassifiers",
                   [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     return NamePage(
                         input, "classifiers", "Classifiers",
                         [store](const std::string& after, int limit) { return store->ListClassifiers(after, limit); },
                         [](const ClassifierRecord& r) { return r.definition.name; },
                         [](const ClassifierRecord& r) { return ClassifierToJson(r); });
                   });

  AddGlueOperation(glue, "UpdateClassifier",
                   [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     ASSIGN_OR_RETURN(ClassifierDefinition update, ClassifierFromRequest(input));
                     RETURN_IF_ERROR(store->UpdateClassifier(update));
                     return json::object();
                   });

  AddGlueOperation(glue, "DeleteClassifier",
                   [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
                     RETURN_IF_ERROR(store->DeleteClassifier(catalog::StringMember(input, "Name")));
                     return json::object();
                   });
}

}  // namespace sluice::crawler
