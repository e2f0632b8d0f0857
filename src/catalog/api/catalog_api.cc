// Glue Data Catalog API entry point: see catalog_api.h.
#include "catalog/api/catalog_api.h"

namespace sluice::catalog {

void RegisterCatalogOperations(http::JsonService& glue, Catalog* catalog) {
  RegisterDatabaseOperations(glue, catalog);
  RegisterTableOperations(glue, catalog);
  RegisterPartitionOperations(glue, catalog);
}

boost::json::object ErrorDetailOf(const Status& status) {
  boost::json::object detail;
  detail["ErrorCode"] = status.aws_code().empty() ? "InternalServiceException" : status.aws_code();
  detail["ErrorMessage"] = status.message();
  return detail;
}

bool IsItemError(const Status& status) {
  return !status.ok() && !status.aws_code().empty() && status.http_status() >= 400 && status.http_status() < 500;
}

}  // namespace sluice::catalog
