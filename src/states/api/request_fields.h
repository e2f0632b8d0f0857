// Reading Step Functions request members the way AWS validates them: required members, length
// and range limits ("1 validation error detected: Value '1001' at 'maxResults' failed to
// satisfy constraint: Member must have value less than or equal to 1000"), names, ARNs and page
// tokens, each failing with the error code AWS uses.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"

namespace sluice::states {

// A required string member of `min`..`max` characters. ValidationException when absent or out
// of bounds.
Result<std::string> RequiredString(const boost::json::object& input, std::string_view member, size_t min, size_t max);
// An optional string member (nullopt when absent); ValidationException when out of bounds.
Result<std::optional<std::string>> OptionalString(const boost::json::object& input, std::string_view member,
                                                  size_t min, size_t max);
Result<std::optional<bool>> OptionalBool(const boost::json::object& input, std::string_view member);
// maxResults: 0..`max` (0 or absent means `fallback`).
Result<size_t> PageSize(const boost::json::object& input, std::string_view member, size_t max, size_t fallback);
// An enum member; ValidationException naming the allowed set when the value is not in it.
Result<std::optional<std::string>> OptionalEnum(const boost::json::object& input, std::string_view member,
                                                std::initializer_list<std::string_view> allowed);

// Names of state machines, executions, activities and aliases: 1-80 characters without
// whitespace, brackets, wildcards, special punctuation or control characters. InvalidName.
Status CheckName(std::string_view name);

// Page tokens: opaque to clients, they carry a position. Encoded as base64 of "<tag>:<value>".
std::string MakePageToken(std::string_view tag, std::string_view value);
// InvalidToken when `token` is not a token of `tag`.
Result<std::string> ReadPageToken(std::string_view token, std::string_view tag);
// The position in the request's optional "nextToken" (a token of `tag`); empty without one.
Result<std::string> PageStart(const boost::json::object& input, std::string_view tag);

// The parts of an ARN of Step Functions: arn:aws:states:<region>:<account>:<type>:<rest>.
struct StatesArn {
  std::string region;
  std::string account;
  std::string type;   // stateMachine, execution, express, activity, mapRun
  std::string rest;   // after the type
};
// InvalidArn ("Invalid Arn: 'Invalid ARN prefix: x'") unless `arn` is a Step Functions ARN of
// one of `types`.
Result<StatesArn> ParseStatesArn(std::string_view arn, std::initializer_list<std::string_view> types);

// Epoch seconds (with milliseconds) for timestamps in responses.
double EpochSeconds(int64_t micros);

}  // namespace sluice::states
