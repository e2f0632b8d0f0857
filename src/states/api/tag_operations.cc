// Tags on state machines and activities: TagResource, UntagResource, ListTagsForResource.
#include <set>

#include <fmt/format.h>

#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr size_t kMaxTags = 50;

// The tagged resource must exist: ResourceNotFound otherwise.
Result<std::string> Resource(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "resourceArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine", "activity"}));
  bool exists = false;
  if (parsed.type == "activity") {
    ASSIGN_OR_RETURN(auto activity, api.store().GetActivity(arn));
    exists = activity.has_value();
  } else if (StatesApi::BaseMachineArn(arn) == arn) {
    ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(arn));
    exists = machine.has_value();
  } else {
    ASSIGN_OR_RETURN(auto version, api.store().GetVersion(arn));
    ASSIGN_OR_RETURN(auto alias, api.store().GetAlias(arn));
    exists = version.has_value() || alias.has_value();
  }
  if (!exists) return AwsError("ResourceNotFound", 400, fmt::format("Resource not found: '{}'", arn)).WithDetail("resourceName", arn);
  return arn;
}

Result<json::value> TagResource(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, Resource(api, input));
  const json::array* tags = GetArray(input, "tags");
  if (!tags) {
    return AwsError("ValidationException", 400,
                    "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& tag : *tags) {
    if (!tag.is_object()) continue;
    pairs.emplace_back(GetString(tag.get_object(), "key").value_or(""), GetString(tag.get_object(), "value").value_or(""));
  }
  ASSIGN_OR_RETURN(auto existing, api.store().GetTags(arn));
  std::set<std::string> keys;
  for (const auto& [key, value] : existing) keys.insert(key);
  for (const auto& [key, value] : pairs) keys.insert(key);
  if (keys.size() > kMaxTags) {
    return AwsError("TooManyTags", 400, fmt::format("Too many tags: the limit is {}", kMaxTags)).WithDetail("resourceName", arn);
  }
  RETURN_IF_ERROR(api.store().SetTags(arn, pairs));
  return json::value(json::object());
}

Result<json::value> UntagResource(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, Resource(api, input));
  std::vector<std::string> keys;
  if (const json::array* list = GetArray(input, "tagKeys")) {
    for (const auto& key : *list) {
      if (key.is_string()) keys.emplace_back(key.get_string());
    }
  }
  RETURN_IF_ERROR(api.store().RemoveTags(arn, keys));
  return json::value(json::object());
}

Result<json::value> ListTagsForResource(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, Resource(api, input));
  ASSIGN_OR_RETURN(auto tags, api.store().GetTags(arn));
  json::array out;
  for (const auto& [key, value] : tags) out.push_back(json::object{{"key", key}, {"value", value}});
  return json::value(json::object{{"tags", std::move(out)}});
}

}  // namespace

void RegisterTagOperations(http::JsonService& service, StatesApi& api) {
  AddOperation(service, api, "TagResource", TagResource);
  AddOperation(service, api, "UntagResource", UntagResource);
  AddOperation(service, api, "ListTagsForResource", ListTagsForResource);
}

}  // namespace sluice::states
