// CloudWatch Logs API handlers: see logs_api.h.
#include "monitoring/logs_api.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::monitoring {

namespace json = boost::json;

namespace {

Status InvalidParameter(std::string message) { return AwsError("InvalidParameterException", 400, std::move(message)); }

// CloudWatch Logs reports the store's NotFound/AlreadyExists with its own names.
Status MapStoreError(const Status& status) {
  if (status.ok() || !status.aws_code().empty()) return status;
  if (status.code() == StatusCode::kNotFound) return AwsError("ResourceNotFoundException", 400, status.message());
  if (status.code() == StatusCode::kAlreadyExists) {
    return AwsError("ResourceAlreadyExistsException", 400, status.message());
  }
  if (status.code() == StatusCode::kInvalidArgument) return InvalidParameter(status.message());
  return status;
}

Result<std::string> RequireName(const json::object& input, std::string_view key, bool group) {
  auto value = GetString(input, key);
  if (!value) {
    return AwsError("ValidationException", 400,
                    fmt::format("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member "
                                "must not be null",
                                key));
  }
  if (value->empty() || value->size() > 512) {
    return AwsError("ValidationException", 400,
                    fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member "
                                "must have length between 1 and 512",
                                *value, key));
  }
  for (char c : *value) {
    bool ok = group ? (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '/' ||
                       c == '#')
                    : (c != ':' && c != '*');
    if (!ok) {
      return AwsError("ValidationException", 400,
                      fmt::format("1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: "
                                  "Member must satisfy regular expression pattern: {}",
                                  *value, key, group ? "[\\.\\-_/#A-Za-z0-9]+" : "[^:*]*"));
    }
  }
  return std::string(*value);
}

// logGroupName, or the name inside a logGroupIdentifier (which may be an ARN).
Result<std::string> GroupName(const json::object& input) {
  if (auto identifier = GetString(input, "logGroupIdentifier")) {
    std::string_view id = *identifier;
    constexpr std::string_view kMarker = ":log-group:";
    if (auto pos = id.find(kMarker); id.starts_with("arn:") && pos != std::string_view::npos) {
      id = id.substr(pos + kMarker.size());
      if (id.ends_with(":*")) id.remove_suffix(2);
    }
    return std::string(id);
  }
  return RequireName(input, "logGroupName", true);
}

Result<int> Limit(const json::object& input, int fallback, int maximum) {
  auto limit = GetInt(input, "limit");
  if (!limit) return fallback;
  if (*limit < 1 || *limit > maximum) {
    return AwsError("ValidationException", 400,
                    fmt::format("1 validation error detected: Value '{}' at 'limit' failed to satisfy constraint: "
                                "Member must have value between 1 and {}",
                                *limit, maximum));
  }
  return static_cast<int>(*limit);
}

std::string GroupArn(const http::CallContext& context, const std::string& group) {
  return fmt::format("arn:aws:logs:{}:{}:log-group:{}", context.region, context.account_id, group);
}

}  // namespace

std::unique_ptr<http::JsonService> MakeLogsService(LogStore* store) {
  http::JsonService::Options options;
  options.target_prefix = "Logs_20140328";
  options.signing_name = "logs";
  options.label = "logs";
  options.errors.content_type = "application/x-amz-json-1.1";
  options.errors.message_key = "message";
  options.errors.invalid_argument = "InvalidParameterException";
  options.errors.not_found = "ResourceNotFoundException";
  options.errors.already_exists = "ResourceAlreadyExistsException";
  options.errors.internal = "ServiceUnavailableException";
  auto service = std::make_unique<http::JsonService>(options);

  service->Add("CreateLogGroup", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    RETURN_IF_ERROR(MapStoreError(store->CreateGroup(group)));
    return json::object();
  });

  service->Add("DeleteLogGroup", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    RETURN_IF_ERROR(MapStoreError(store->DeleteGroup(group)));
    return json::object();
  });

  service->Add("PutRetentionPolicy", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    auto days = GetInt(input, "retentionInDays");
    if (!days) return InvalidParameter("retentionInDays is required");
    RETURN_IF_ERROR(MapStoreError(store->SetRetention(group, *days)));
    return json::object();
  });

  service->Add("DescribeLogGroups",
               [store](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                 ASSIGN_OR_RETURN(int limit, Limit(input, 50, 50));
                 std::string prefix(GetString(input, "logGroupNamePrefix").value_or(""));
                 std::optional<std::string> token;
                 if (auto t = GetString(input, "nextToken")) token = std::string(*t);
                 auto page = store->DescribeGroups(prefix, token, limit);
                 if (!page.ok()) return MapStoreError(page.status());
                 json::array groups;
                 for (const auto& group : page->items) {
                   json::object item;
                   item["logGroupName"] = group.name;
                   item["creationTime"] = group.creation_ms;
                   if (group.retention_days) item["retentionInDays"] = *group.retention_days;
                   item["metricFilterCount"] = 0;
                   item["arn"] = GroupArn(context, group.name) + ":*";
                   item["logGroupArn"] = GroupArn(context, group.name);
                   item["storedBytes"] = group.stored_bytes;
                   groups.push_back(std::move(item));
                 }
                 json::object out;
                 out["logGroups"] = std::move(groups);
                 if (page->next_token) out["nextToken"] = *page->next_token;
                 return out;
               });

  service->Add("CreateLogStream", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    ASSIGN_OR_RETURN(std::string stream, RequireName(input, "logStreamName", false));
    RETURN_IF_ERROR(MapStoreError(store->CreateStream(group, stream)));
    return json::object();
  });

  service->Add("DeleteLogStream", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    ASSIGN_OR_RETURN(std::string stream, RequireName(input, "logStreamName", false));
    RETURN_IF_ERROR(MapStoreError(store->DeleteStream(group, stream)));
    return json::object();
  });

  service->Add("DescribeLogStreams",
               [store](const json::object& input, const http::CallContext& context) -> Result<json::value> {
                 ASSIGN_OR_RETURN(std::string group, GroupName(input));
                 ASSIGN_OR_RETURN(int limit, Limit(input, 50, 50));
                 std::string order(GetString(input, "orderBy").value_or("LogStreamName"));
                 if (order != "LogStreamName" && order != "LastEventTime") {
                   return InvalidParameter("orderBy must be LogStreamName or LastEventTime");
                 }
                 std::string prefix(GetString(input, "logStreamNamePrefix").value_or(""));
                 if (!prefix.empty() && order == "LastEventTime") {
                   return InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
                 }
                 std::optional<std::string> token;
                 if (auto t = GetString(input, "nextToken")) token = std::string(*t);
                 auto page = store->DescribeStreams(group, prefix, order == "LastEventTime",
                                                    GetBool(input, "descending").value_or(false), token, limit);
                 if (!page.ok()) return MapStoreError(page.status());
                 json::array streams;
                 for (const auto& s : page->items) {
                   json::object item;
                   item["logStreamName"] = s.name;
                   item["creationTime"] = s.creation_ms;
                   if (s.first_event_ms) item["firstEventTimestamp"] = *s.first_event_ms;
                   if (s.last_event_ms) item["lastEventTimestamp"] = *s.last_event_ms;
                   if (s.last_ingestion_ms) item["lastIngestionTime"] = *s.last_ingestion_ms;
                   item["uploadSequenceToken"] = std::to_string(s.sequence);
                   item["arn"] = fmt::format("{}:log-stream:{}", GroupArn(context, group), s.name);
                   item["storedBytes"] = s.stored_bytes;
                   streams.push_back(std::move(item));
                 }
                 json::object out;
                 out["logStreams"] = std::move(streams);
                 if (page->next_token) out["nextToken"] = *page->next_token;
                 return out;
               });

  service->Add("PutLogEvents", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(std::string group, RequireName(input, "logGroupName", true));
    ASSIGN_OR_RETURN(std::string stream, RequireName(input, "logStreamName", false));
    const json::array* events = GetArray(input, "logEvents");
    if (!events || events->empty() || events->size() > 10000) {
      return AwsError("ValidationException", 400,
                      "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must "
                      "have length between 1 and 10000");
    }
    std::vector<LogEvent> batch;
    batch.reserve(events->size());
    int64_t previous = INT64_MIN;
    for (const auto& value : *events) {
      if (!value.is_object()) return InvalidParameter("each log event must be an object");
      auto timestamp = GetInt(value.get_object(), "timestamp");
      auto message = GetString(value.get_object(), "message");
      if (!timestamp || !message) return InvalidParameter("each log event needs timestamp and message");
      if (*timestamp < previous) {
        return InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
      }
      previous = *timestamp;
      batch.push_back({*timestamp, std::string(*message)});
    }
    auto sequence = store->Put(group, stream, batch);
    if (!sequence.ok()) return MapStoreError(sequence.status());
    json::object out;
    out["nextSequenceToken"] = std::to_string(*sequence);
    return out;
  });

  service->Add("GetLogEvents", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    GetEventsRequest request;
    ASSIGN_OR_RETURN(request.group, GroupName(input));
    ASSIGN_OR_RETURN(request.stream, RequireName(input, "logStreamName", false));
    ASSIGN_OR_RETURN(request.limit, Limit(input, 10000, 10000));
    request.start_ms = GetInt(input, "startTime");
    request.end_ms = GetInt(input, "endTime");
    if (auto token = GetString(input, "nextToken")) request.token = std::string(*token);
    request.start_from_head = GetBool(input, "startFromHead").value_or(false);
    auto page = store->GetEvents(request);
    if (!page.ok()) return MapStoreError(page.status());
    json::array events;
    for (const auto& event : page->events) {
      events.push_back(json::object{{"timestamp", event.timestamp_ms},
                                    {"message", event.message},
                                    {"ingestionTime", event.ingestion_ms}});
    }
    json::object out;
    out["events"] = std::move(events);
    out["nextForwardToken"] = page->next_forward_token;
    out["nextBackwardToken"] = page->next_backward_token;
    return out;
  });

  service->Add("FilterLogEvents", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    FilterRequest request;
    ASSIGN_OR_RETURN(request.group, GroupName(input));
    ASSIGN_OR_RETURN(request.limit, Limit(input, 10000, 10000));
    if (const json::array* names = GetArray(input, "logStreamNames")) {
      for (const auto& name : *names) {
        if (name.is_string()) request.streams.emplace_back(name.get_string());
      }
    }
    if (auto prefix = GetString(input, "logStreamNamePrefix")) request.stream_prefix = std::string(*prefix);
    if (!request.streams.empty() && request.stream_prefix) {
      return InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive");
    }
    request.start_ms = GetInt(input, "startTime");
    request.end_ms = GetInt(input, "endTime");
    request.pattern = std::string(GetString(input, "filterPattern").value_or(""));
    if (auto token = GetString(input, "nextToken")) request.token = std::string(*token);
    auto page = store->Filter(request);
    if (!page.ok()) return MapStoreError(page.status());
    json::array events;
    for (const auto& event : page->items) {
      events.push_back(json::object{{"logStreamName", event.stream},
                                    {"timestamp", event.timestamp_ms},
                                    {"message", event.message},
                                    {"ingestionTime", event.ingestion_ms},
                                    {"eventId", std::to_string(event.id)}});
    }
    json::object out;
    out["events"] = std::move(events);
    out["searchedLogStreams"] = json::array();
    if (page->next_token) out["nextToken"] = *page->next_token;
    return out;
  });

  return service;
}

}  // namespace sluice::monitoring
