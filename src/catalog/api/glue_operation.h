// What every Glue operation handler shares: registration with input validation against the
// Glue model, and readers for the members common to many requests (CatalogId, MaxResults,
// NextToken, names). The catalog and crawler modules (and jobs) register through here.
//
// Thread safety: AddGlueOperation during set-up only; the helpers are pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "catalog/catalog.h"
#include "common/status.h"
#include "http/json_service.h"

namespace sluice::catalog {

// Adds `operation` to the Glue service; requests failing GlueModel::ValidateInput are answered
// with ValidationException / SerializationException before `fn` runs.
void AddGlueOperation(http::JsonService& glue, const std::string& operation, http::JsonOperation fn);

// The CatalogId member, or the caller's account.
std::string CatalogIdOf(const boost::json::object& input, const http::CallContext& context);

// A string member that validation has established is present (empty when it is not).
std::string StringMember(const boost::json::object& input, std::string_view key);
std::vector<std::string> StringListMember(const boost::json::object& input, std::string_view key);

// NextToken and MaxResults (default `default_limit`; validation enforces the model's range).
PageRequest PageRequestOf(const boost::json::object& input, int default_limit);

// "arn:aws:iam::<account>:root" style principal for CreatedBy.
std::string CallerArn(const http::CallContext& context);

}  // namespace sluice::catalog
