// Shared pieces of the Step Functions API: see states_api.h.
#include "states/api/states_api.h"

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "common/ids.h"
#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr size_t kMaxCachedDefinitions = 256;
constexpr size_t kMaxInputBytes = 262144;

Status MachineMissing(const std::string& arn) {
  return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", arn));
}

}  // namespace

StatesApi::StatesApi(StatesApiOptions options, ExecutionStore* store, Executor* executor,
                     ActivityIntegration* activities, ThreadPool* pool, const Clock* clock)
    : options_(std::move(options)),
      store_(store),
      executor_(executor),
      activities_(activities),
      pool_(pool),
      clock_(clock) {}

void AddOperation(http::JsonService& service, StatesApi& api, std::string name, ApiOperation operation) {
  service.Add(std::move(name),
              [&api, operation](const json::object& input, const http::CallContext&) { return operation(api, input); });
}

void StatesApi::Register(http::JsonService& service) {
  RegisterStateMachineOperations(service, *this);
  RegisterVersionOperations(service, *this);
  RegisterExecutionOperations(service, *this);
  RegisterActivityOperations(service, *this);
  RegisterTagOperations(service, *this);
  RegisterTestStateOperation(service, *this);
}

std::string StatesApi::MachineArn(std::string_view name) const {
  return fmt::format("arn:aws:states:{}:{}:stateMachine:{}", options_.region, options_.account_id, name);
}

std::string StatesApi::ActivityArn(std::string_view name) const {
  return fmt::format("arn:aws:states:{}:{}:activity:{}", options_.region, options_.account_id, name);
}

std::string StatesApi::BaseMachineArn(const std::string& arn) {
  size_t at = arn.find(":stateMachine:");
  if (at == std::string::npos) return arn;
  size_t colon = arn.find(':', at + 14);
  return colon == std::string::npos ? arn : arn.substr(0, colon);
}

Result<std::shared_ptr<const Definition>> StatesApi::Compile(const std::string& text, bool express) {
  std::string key = (express ? "E" : "S") + text;
  {
    std::lock_guard lock(cache_mutex_);
    auto it = definitions_.find(key);
    if (it != definitions_.end()) return it->second;
  }
  Diagnostics diagnostics;
  DefinitionOptions options;
  options.express = express;
  auto definition = Definition::Parse(text, options, diagnostics);
  if (!definition) return AwsError("InvalidDefinition", 400, diagnostics.InvalidDefinitionMessage());
  std::lock_guard lock(cache_mutex_);
  if (definitions_.size() >= kMaxCachedDefinitions) definitions_.clear();
  definitions_[key] = definition;
  return definition;
}

Result<StatesApi::Target> StatesApi::ResolveTarget(const std::string& arn) {
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  Target target;
  std::string base = BaseMachineArn(arn);
  ASSIGN_OR_RETURN(auto machine, store_->GetStateMachine(base));
  if (!machine) return MachineMissing(arn);
  target.machine = std::move(*machine);
  if (base == arn) return target;
  std::string qualifier = arn.substr(base.size() + 1);
  std::string version_arn;
  if (!qualifier.empty() && std::all_of(qualifier.begin(), qualifier.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    version_arn = arn;
  } else {
    ASSIGN_OR_RETURN(auto alias, store_->GetAlias(arn));
    if (!alias) return MachineMissing(arn);
    auto routing = ParseJson(alias->routing_json);
    if (!routing.ok() || !routing->is_array() || routing->get_array().empty()) return MachineMissing(arn);
    // Pick a version by weight.
    static thread_local std::mt19937 random(std::random_device{}());
    int roll = std::uniform_int_distribution<int>(0, 99)(random);
    int sum = 0;
    for (const auto& entry : routing->get_array()) {
      if (!entry.is_object()) continue;
      sum += static_cast<int>(GetInt(entry.get_object(), "weight").value_or(0));
      version_arn = std::string(GetString(entry.get_object(), "stateMachineVersionArn").value_or(""));
      if (roll < sum) break;
    }
    target.alias_arn = arn;
  }
  ASSIGN_OR_RETURN(auto version, store_->GetVersion(version_arn));
  if (!version) return MachineMissing(arn);
  target.machine.definition = version->definition;
  target.machine.role_arn = version->role_arn;
  target.version_arn = version->arn;
  return target;
}

Result<json::object> StatesApi::StartExecution(const StartExecutionArgs& args, bool sync, bool include_data) {
  ASSIGN_OR_RETURN(Target target, ResolveTarget(args.target_arn));
  bool express = target.machine.type == "EXPRESS";
  if (sync && !express) {
    return AwsError("StateMachineTypeNotSupported", 400, "This operation is not supported by this type of state machine");
  }
  std::string name = args.name.value_or(NewUuid());
  RETURN_IF_ERROR(CheckName(name));
  std::string input = args.input.value_or("{}");
  if (input.size() > kMaxInputBytes) {
    return AwsError("InvalidExecutionInput", 400,
                    fmt::format("Invalid State Machine Execution Input: 'The input exceeds the limit of {} bytes.'",
                                kMaxInputBytes));
  }
  if (input.find_first_not_of(" \t\r\n") == std::string::npos) {
    return AwsError("InvalidExecutionInput", 400, "Invalid State Machine Execution Input: 'Invalid execution input.'");
  }
  auto parsed = ParseJson(input);
  if (!parsed.ok()) {
    return AwsError("InvalidExecutionInput", 400,
                    fmt::format("Invalid State Machine Execution Input: '{}'", parsed.status().message()));
  }
  ASSIGN_OR_RETURN(auto definition, Compile(target.machine.definition, express));
  StartRequest request;
  request.machine_arn = target.machine.arn;
  request.machine_name = target.machine.name;
  request.version_arn = target.version_arn;
  request.alias_arn = target.alias_arn;
  request.role_arn = target.machine.role_arn;
  request.name = name;
  request.express = express;
  request.definition = std::move(definition);
  request.input_text = input;
  request.input = std::move(*parsed);
  request.trace_header = args.trace_header;
  request.parent_token = args.parent_token;
  ASSIGN_OR_RETURN(StartResult started, executor_->Start(std::move(request)));
  json::object response{{"executionArn", started.arn}, {"startDate", EpochSeconds(started.start_micros)}};
  if (!sync) return response;
  ExecutionOutcome outcome = started.execution->WaitForEnd();
  response["stateMachineArn"] = target.machine.arn;
  response["name"] = name;
  response["stopDate"] = EpochSeconds(outcome.stop_micros);
  response["status"] = ExecutionStatusName(outcome.status);
  if (outcome.error) response["error"] = *outcome.error;
  if (outcome.cause) response["cause"] = *outcome.cause;
  if (include_data) response["input"] = input;
  response["inputDetails"] = json::object{{"included", include_data}};
  if (outcome.output) {
    if (include_data) response["output"] = *outcome.output;
    response["outputDetails"] = json::object{{"included", include_data}};
  }
  if (!args.trace_header.empty()) response["traceHeader"] = args.trace_header;
  int64_t billed_ms = std::max<int64_t>(100, (outcome.stop_micros - started.start_micros + 999) / 1000);
  billed_ms = (billed_ms + 99) / 100 * 100;
  response["billingDetails"] = json::object{{"billedMemoryUsedInMB", 64}, {"billedDurationInMilliseconds", billed_ms}};
  return response;
}

json::object StatesApi::DescribeExecutionRow(const ExecutionRow& row, bool include_data) const {
  json::object out;
  out["executionArn"] = row.arn;
  out["stateMachineArn"] = row.machine_arn;
  out["name"] = row.name;
  out["status"] = ExecutionStatusName(row.status);
  out["startDate"] = EpochSeconds(row.start_micros);
  if (row.stop_micros) out["stopDate"] = EpochSeconds(*row.stop_micros);
  if (include_data) out["input"] = row.input;
  out["inputDetails"] = json::object{{"included", include_data}};
  if (row.status == ExecutionStatus::kSucceeded && row.output) {
    if (include_data) out["output"] = *row.output;
    out["outputDetails"] = json::object{{"included", include_data}};
  }
  if (row.error) out["error"] = *row.error;
  if (row.cause) out["cause"] = *row.cause;
  if (!row.trace_header.empty()) out["traceHeader"] = row.trace_header;
  if (!row.map_run_arn.empty()) out["mapRunArn"] = row.map_run_arn;
  if (!row.version_arn.empty()) out["stateMachineVersionArn"] = row.version_arn;
  if (!row.alias_arn.empty()) out["stateMachineAliasArn"] = row.alias_arn;
  out["redriveCount"] = row.redrive_count;
  if (row.redrive_micros) out["redriveDate"] = EpochSeconds(*row.redrive_micros);
  switch (row.status) {
    case ExecutionStatus::kFailed:
    case ExecutionStatus::kAborted:
    case ExecutionStatus::kTimedOut: {
      bool expired = row.stop_micros && Now() - *row.stop_micros > int64_t{14} * 86400 * 1'000'000;
      out["redriveStatus"] = expired ? "NOT_REDRIVABLE" : "REDRIVABLE";
      if (expired) out["redriveStatusReason"] = "Execution is older than 14 days and cannot be redriven";
      break;
    }
    default:
      out["redriveStatus"] = "NOT_REDRIVABLE";
      out["redriveStatusReason"] =
          fmt::format("Execution is {} and cannot be redriven", ExecutionStatusName(row.status));
  }
  return out;
}

// --- nested executions ---

Result<json::object> StatesApi::StartChild(const json::object& parameters, const std::string& parent_token) {
  StartExecutionArgs args;
  auto machine = GetString(parameters, "StateMachineArn");
  if (!machine) {
    return AwsError("ValidationException", 400, "The StateMachineArn parameter is required to start an execution");
  }
  args.target_arn = std::string(*machine);
  if (auto name = GetString(parameters, "Name")) args.name = std::string(*name);
  if (const json::value* input = FindMember(parameters, "Input")) {
    args.input = input->is_string() ? std::string(input->get_string()) : JsonText(*input);
  }
  args.parent_token = parent_token;
  ASSIGN_OR_RETURN(json::object started, StartExecution(args, /*sync=*/false, true));
  json::object out;
  out["ExecutionArn"] = started["executionArn"];
  if (auto start = AsNumber(started["startDate"])) out["StartDate"] = static_cast<int64_t>(std::llround(*start * 1000));
  return out;
}

void StatesApi::ReportChild(const ChildExecutionSummary& child, const std::string& parent_token) {
  if (parent_token.size() < 3) return;
  bool v2 = parent_token.starts_with("2:");
  std::string token = parent_token.substr(2);
  json::object description;
  description["ExecutionArn"] = child.arn;
  auto as_payload = [&](const std::string& text) -> json::value {
    if (!v2) return json::value(text);
    auto parsed = ParseJson(text);
    return parsed.ok() ? std::move(*parsed) : json::value(text);
  };
  description["Input"] = as_payload(child.input);
  description["InputDetails"] = json::object{{"Included", true}};
  description["Name"] = child.name;
  if (child.output) {
    description["Output"] = as_payload(*child.output);
    description["OutputDetails"] = json::object{{"Included", true}};
  }
  description["RedriveCount"] = 0;
  description["StartDate"] = child.start_micros / 1000;
  description["StateMachineArn"] = child.machine_arn;
  description["Status"] = ExecutionStatusName(child.status);
  description["StopDate"] = child.stop_micros / 1000;
  Executor* executor = executor_;
  if (child.status == ExecutionStatus::kSucceeded) {
    pool_->Submit([executor, token, description] { executor->SendTaskSuccess(token, description).IgnoreError(); });
    return;
  }
  if (child.error) description["Error"] = *child.error;
  if (child.cause) description["Cause"] = *child.cause;
  std::string cause = JsonText(description);
  pool_->Submit([executor, token, cause] {
    executor->SendTaskFailure(token, std::string(errors::kTaskFailed), cause).IgnoreError();
  });
}

void StatesApi::OnExecutionFinished(const std::shared_ptr<Execution>& execution) {
  const ExecutionInfo& info = execution->info();
  if (info.parent_token.empty()) return;
  ExecutionOutcome outcome = execution->outcome();
  ChildExecutionSummary child{info.arn,      info.name,      info.machine_arn, info.input_text,
                              outcome.output, outcome.error, outcome.cause,    outcome.status,
                              info.start_micros, outcome.stop_micros};
  ReportChild(child, info.parent_token);
}

bool StatesApi::ReportIfFinished(const std::string& execution_arn, const std::string& parent_token) {
  auto row = store_->GetExecution(execution_arn);
  if (!row.ok() || !*row || (*row)->status == ExecutionStatus::kRunning) return false;
  const ExecutionRow& stored = **row;
  ChildExecutionSummary child{stored.arn,   stored.name,  stored.machine_arn,        stored.input,
                              stored.output, stored.error, stored.cause,              stored.status,
                              stored.start_micros, stored.stop_micros.value_or(stored.start_micros)};
  ReportChild(child, parent_token);
  return true;
}

void StatesApi::StopChild(const std::string& execution_arn) {
  executor_->Stop(execution_arn, std::string("States.Aborted"), std::string("The parent execution stopped"))
      .IgnoreError();
}

}  // namespace sluice::states
