// The Glue Data Catalog API: database, table, table-version, partition, partition-index and
// SearchTables operations, added to the shared Glue JSON service over a Catalog. Each group
// lives in its own file (database_operations.cc, table_operations.cc,
// partition_operations.cc); this header is their one entry point.
//
// Thread safety: register during set-up; the handlers are thread-safe (Catalog is).
#pragma once

#include <boost/json/object.hpp>

#include "catalog/catalog.h"
#include "http/json_service.h"

namespace sluice::catalog {

// Adds every catalog operation to `glue`. `catalog` must outlive the service.
void RegisterCatalogOperations(http::JsonService& glue, Catalog* catalog);

// The groups, for RegisterCatalogOperations.
void RegisterDatabaseOperations(http::JsonService& glue, Catalog* catalog);
void RegisterTableOperations(http::JsonService& glue, Catalog* catalog);
void RegisterPartitionOperations(http::JsonService& glue, Catalog* catalog);

// {"ErrorCode": ..., "ErrorMessage": ...} for a failed item of a batch operation.
boost::json::object ErrorDetailOf(const Status& status);
// True when a batch item's failure is reported in the response rather than failing the call
// (the client's fault: not found, already exists, invalid input, ...).
bool IsItemError(const Status& status);

}  // namespace sluice::catalog
