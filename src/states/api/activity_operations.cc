// Activities and task tokens: CreateActivity, DescribeActivity, DeleteActivity, ListActivities,
// GetActivityTask, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
#include <fmt/format.h>

#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

Result<ActivityRow> Activity(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "activityArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"activity"}));
  ASSIGN_OR_RETURN(auto row, api.store().GetActivity(arn));
  if (!row) return AwsError("ActivityDoesNotExist", 400, fmt::format("Activity Does Not Exist: '{}'", arn));
  return std::move(*row);
}

Result<json::value> CreateActivity(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string name, RequiredString(input, "name", 1, 80));
  RETURN_IF_ERROR(CheckName(name));
  ActivityRow row{api.ActivityArn(name), name, api.Now()};
  // Creating an existing activity returns it (CreateActivity is idempotent).
  ASSIGN_OR_RETURN(auto existing, api.store().GetActivity(row.arn));
  if (existing) {
    return json::value(json::object{{"activityArn", existing->arn}, {"creationDate", EpochSeconds(existing->created_micros)}});
  }
  RETURN_IF_ERROR(api.store().InsertActivity(row));
  if (const json::array* tags = GetArray(input, "tags")) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& tag : *tags) {
      if (tag.is_object()) {
        pairs.emplace_back(GetString(tag.get_object(), "key").value_or(""), GetString(tag.get_object(), "value").value_or(""));
      }
    }
    RETURN_IF_ERROR(api.store().SetTags(row.arn, pairs));
  }
  return json::value(json::object{{"activityArn", row.arn}, {"creationDate", EpochSeconds(row.created_micros)}});
}

Result<json::value> DescribeActivity(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ActivityRow row, Activity(api, input));
  return json::value(
      json::object{{"activityArn", row.arn}, {"name", row.name}, {"creationDate", EpochSeconds(row.created_micros)}});
}

Result<json::value> DeleteActivity(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "activityArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"activity"}));
  RETURN_IF_ERROR(api.store().DeleteActivity(arn));
  return json::value(json::object());
}

Result<json::value> ListActivities(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(std::string after, PageStart(input, "activity"));
  ASSIGN_OR_RETURN(auto rows, api.store().ListActivities(after, limit + 1));
  json::array activities;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) {
    activities.push_back(json::object{
        {"activityArn", rows[i].arn}, {"name", rows[i].name}, {"creationDate", EpochSeconds(rows[i].created_micros)}});
  }
  json::object out{{"activities", std::move(activities)}};
  if (rows.size() > limit) out["nextToken"] = MakePageToken("activity", rows[limit - 1].name);
  return json::value(std::move(out));
}

Result<json::value> GetActivityTask(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ActivityRow row, Activity(api, input));
  ASSIGN_OR_RETURN(auto worker, OptionalString(input, "workerName", 1, 80));
  auto task = api.activities().GetTask(row.arn, worker.value_or(""), api.options().activity_poll_micros);
  if (!task) return json::value(json::object());
  return json::value(json::object{{"taskToken", task->token}, {"input", task->input}});
}

Result<json::value> SendTaskSuccess(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string token, RequiredString(input, "taskToken", 1, 2048));
  ASSIGN_OR_RETURN(std::string output, RequiredString(input, "output", 0, 262144));
  auto parsed = ParseJson(output);
  if (!parsed.ok()) {
    return AwsError("InvalidOutput", 400, fmt::format("Invalid Output: '{}'", parsed.status().message()));
  }
  RETURN_IF_ERROR(api.executor().SendTaskSuccess(token, std::move(*parsed)));
  return json::value(json::object());
}

Result<json::value> SendTaskFailure(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string token, RequiredString(input, "taskToken", 1, 2048));
  ASSIGN_OR_RETURN(auto error, OptionalString(input, "error", 0, 256));
  ASSIGN_OR_RETURN(auto cause, OptionalString(input, "cause", 0, 32768));
  RETURN_IF_ERROR(api.executor().SendTaskFailure(token, error, cause));
  return json::value(json::object());
}

Result<json::value> SendTaskHeartbeat(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string token, RequiredString(input, "taskToken", 1, 2048));
  RETURN_IF_ERROR(api.executor().SendTaskHeartbeat(token));
  return json::value(json::object());
}

}  // namespace

void RegisterActivityOperations(http::JsonService& service, StatesApi& api) {
  AddOperation(service, api, "CreateActivity", CreateActivity);
  AddOperation(service, api, "DescribeActivity", DescribeActivity);
  AddOperation(service, api, "DeleteActivity", DeleteActivity);
  AddOperation(service, api, "ListActivities", ListActivities);
  AddOperation(service, api, "GetActivityTask", GetActivityTask);
  AddOperation(service, api, "SendTaskSuccess", SendTaskSuccess);
  AddOperation(service, api, "SendTaskFailure", SendTaskFailure);
  AddOperation(service, api, "SendTaskHeartbeat", SendTaskHeartbeat);
}

}  // namespace sluice::states
