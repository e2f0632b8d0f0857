// Execution operations: StartExecution, StartSyncExecution, DescribeExecution, StopExecution,
// ListExecutions, GetExecutionHistory, RedriveExecution.
#include <fmt/format.h>

#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

Status ExecutionMissing(const std::string& arn) {
  return AwsError("ExecutionDoesNotExist", 400, fmt::format("Execution Does Not Exist: '{}'", arn));
}

Result<ExecutionRow> Execution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "executionArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"execution"}));
  ASSIGN_OR_RETURN(auto row, api.store().GetExecution(arn));
  if (!row) return ExecutionMissing(arn);
  return std::move(*row);
}

Result<StartExecutionArgs> StartArgs(const json::object& input) {
  StartExecutionArgs args;
  ASSIGN_OR_RETURN(args.target_arn, RequiredString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(args.name, OptionalString(input, "name", 1, 80));
  ASSIGN_OR_RETURN(args.input, OptionalString(input, "input", 0, 262144));
  ASSIGN_OR_RETURN(auto trace, OptionalString(input, "traceHeader", 0, 256));
  args.trace_header = trace.value_or("");
  return args;
}

Result<json::value> StartExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(StartExecutionArgs args, StartArgs(input));
  ASSIGN_OR_RETURN(json::object response, api.StartExecution(args, /*sync=*/false, true));
  return json::value(std::move(response));
}

Result<json::value> StartSyncExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(StartExecutionArgs args, StartArgs(input));
  ASSIGN_OR_RETURN(auto included, OptionalEnum(input, "includedData", {"ALL_DATA", "METADATA_ONLY"}));
  ASSIGN_OR_RETURN(json::object response,
                   api.StartExecution(args, /*sync=*/true, included.value_or("ALL_DATA") == "ALL_DATA"));
  return json::value(std::move(response));
}

Result<json::value> DescribeExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ExecutionRow row, Execution(api, input));
  ASSIGN_OR_RETURN(auto included, OptionalEnum(input, "includedData", {"ALL_DATA", "METADATA_ONLY"}));
  return json::value(api.DescribeExecutionRow(row, included.value_or("ALL_DATA") == "ALL_DATA"));
}

Result<json::value> StopExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ExecutionRow row, Execution(api, input));
  ASSIGN_OR_RETURN(auto error, OptionalString(input, "error", 0, 256));
  ASSIGN_OR_RETURN(auto cause, OptionalString(input, "cause", 0, 32768));
  if (row.status == ExecutionStatus::kRunning) {
    Status stopped = api.executor().Stop(row.arn, error, cause);
    if (!stopped.ok() && stopped.code() != StatusCode::kNotFound) return stopped;
    ASSIGN_OR_RETURN(auto after, api.store().GetExecution(row.arn));
    if (after) row = std::move(*after);
  }
  return json::value(json::object{{"stopDate", EpochSeconds(row.stop_micros.value_or(api.Now()))}});
}

Result<json::value> ListExecutions(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(auto machine_arn, OptionalString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(auto map_run_arn, OptionalString(input, "mapRunArn", 1, 2000));
  ASSIGN_OR_RETURN(auto status, OptionalEnum(input, "statusFilter",
                                             {"SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"}));
  ASSIGN_OR_RETURN(auto redrive, OptionalEnum(input, "redriveFilter", {"REDRIVEN", "NOT_REDRIVEN"}));
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(auto token, OptionalString(input, "nextToken", 1, 3096));
  if (machine_arn.has_value() == map_run_arn.has_value()) {
    return AwsError("ValidationException", 400, "Must provide a StateMachine ARN or MapRun ARN");
  }
  ExecutionFilter filter;
  if (machine_arn) {
    ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(*machine_arn, {"stateMachine"}));
    std::string base = StatesApi::BaseMachineArn(*machine_arn);
    ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(base));
    if (!machine) {
      return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", *machine_arn));
    }
    if (machine->type == "EXPRESS") {
      return AwsError("StateMachineTypeNotSupported", 400,
                      "This operation is not supported by this type of state machine");
    }
    filter.machine_arn = base;
    if (base != *machine_arn) {
      ASSIGN_OR_RETURN(auto version, api.store().GetVersion(*machine_arn));
      if (!version) {
        return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", *machine_arn));
      }
      filter.version_arn = *machine_arn;
    }
  } else {
    ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(*map_run_arn, {"mapRun"}));
    filter.map_run_arn = *map_run_arn;
  }
  if (status) filter.status = ExecutionStatusFromName(*status);
  if (redrive) filter.redriven = *redrive == "REDRIVEN";
  if (token) {
    ASSIGN_OR_RETURN(std::string before, ReadPageToken(*token, "execution"));
    filter.before_id = std::atoll(before.c_str());
    if (filter.before_id <= 0) return AwsError("InvalidToken", 400, fmt::format("Invalid Token: '{}'", *token));
  }
  filter.limit = limit + 1;
  ASSIGN_OR_RETURN(auto rows, api.store().ListExecutions(filter));
  json::array executions;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) {
    const ExecutionRow& row = rows[i];
    json::object item{{"executionArn", row.arn},
                      {"stateMachineArn", row.machine_arn},
                      {"name", row.name},
                      {"status", ExecutionStatusName(row.status)},
                      {"startDate", EpochSeconds(row.start_micros)}};
    if (row.stop_micros) item["stopDate"] = EpochSeconds(*row.stop_micros);
    if (!row.version_arn.empty()) item["stateMachineVersionArn"] = row.version_arn;
    if (!row.alias_arn.empty()) item["stateMachineAliasArn"] = row.alias_arn;
    if (!row.map_run_arn.empty()) item["mapRunArn"] = row.map_run_arn;
    item["redriveCount"] = row.redrive_count;
    if (row.redrive_micros) item["redriveDate"] = EpochSeconds(*row.redrive_micros);
    executions.push_back(std::move(item));
  }
  json::object out{{"executions", std::move(executions)}};
  if (rows.size() > limit) out["nextToken"] = MakePageToken("execution", std::to_string(rows[limit - 1].id));
  return json::value(std::move(out));
}

Result<json::value> GetExecutionHistory(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ExecutionRow row, Execution(api, input));
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(auto reverse, OptionalBool(input, "reverseOrder"));
  ASSIGN_OR_RETURN(auto include, OptionalBool(input, "includeExecutionData"));
  ASSIGN_OR_RETURN(auto token, OptionalString(input, "nextToken", 1, 1024));
  int64_t from = 0;
  if (token) {
    ASSIGN_OR_RETURN(std::string value, ReadPageToken(*token, "events:" + std::to_string(row.id)));
    from = std::atoll(value.c_str());
    if (from <= 0) return AwsError("InvalidToken", 400, fmt::format("Invalid Token: '{}'", *token));
  }
  ASSIGN_OR_RETURN(auto events, api.store().GetEvents(row.id, reverse.value_or(false), from, limit + 1));
  json::array out;
  for (size_t i = 0; i < events.size() && i < limit; ++i) out.push_back(RenderEvent(events[i], include.value_or(true)));
  json::object response{{"events", std::move(out)}};
  if (events.size() > limit) {
    response["nextToken"] = MakePageToken("events:" + std::to_string(row.id), std::to_string(events[limit - 1].id));
  }
  return json::value(std::move(response));
}

Result<json::value> RedriveExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(ExecutionRow row, Execution(api, input));
  ASSIGN_OR_RETURN(auto client_token, OptionalString(input, "clientToken", 1, 64));
  json::object description = api.DescribeExecutionRow(row, false);
  if (std::string_view(description["redriveStatus"].as_string()) != "REDRIVABLE") {
    return AwsError("ExecutionNotRedrivable", 400,
                    fmt::format("Execution with arn {} cannot be redriven: {}", row.arn,
                                std::string_view(description["redriveStatusReason"].as_string())));
  }
  std::string machine_name = row.machine_arn.substr(row.machine_arn.rfind(':') + 1);
  ASSIGN_OR_RETURN(auto definition, api.Compile(row.definition, false));
  RETURN_IF_ERROR(api.executor().Redrive(row, definition, machine_name));
  ASSIGN_OR_RETURN(auto after, api.store().GetExecution(row.arn));
  int64_t when = after && after->redrive_micros ? *after->redrive_micros : api.Now();
  return json::value(json::object{{"redriveDate", EpochSeconds(when)}});
}

}  // namespace

void RegisterExecutionOperations(http::JsonService& service, StatesApi& api) {
  AddOperation(service, api, "StartExecution", StartExecution);
  AddOperation(service, api, "StartSyncExecution", StartSyncExecution);
  AddOperation(service, api, "DescribeExecution", DescribeExecution);
  AddOperation(service, api, "StopExecution", StopExecution);
  AddOperation(service, api, "ListExecutions", ListExecutions);
  AddOperation(service, api, "GetExecutionHistory", GetExecutionHistory);
  AddOperation(service, api, "RedriveExecution", RedriveExecution);
}

}  // namespace sluice::states
