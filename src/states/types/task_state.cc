// Task state: see task_state.h.
#include "states/types/task_state.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "common/json.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr int64_t kMaxSeconds = 99999999;

// Request members the optimized glue:startJobRun integration accepts.
const std::set<std::string, std::less<>>& StartJobRunFields() {
  static const std::set<std::string, std::less<>> fields = {
      "JobName", "JobRunId", "Arguments", "AllocatedCapacity", "Timeout", "MaxCapacity", "SecurityConfiguration",
      "NotificationProperty", "WorkerType", "NumberOfWorkers", "ExecutionClass", "JobRunQueuingEnabled"};
  return fields;
}

std::optional<JsonPath> ReferencePath(StateParser& parser, std::string_view field) {
  auto text = parser.String(field);
  if (!text) return std::nullopt;
  auto path = JsonPath::Parse(*text);
  if (!path.ok() || !path->definite()) {
    parser.Error(codes::kSchemaValidationFailed,
                 fmt::format("The value for the field '{}' must be a valid JSONPath", field),
                 parser.location() + "/" + std::string(field));
    return std::nullopt;
  }
  return std::move(*path);
}

void AddOutput(json::object& details, const json::value& output) {
  details["output"] = JsonText(output);
  details["outputDetails"] = json::object{{"truncated", false}};
}

}  // namespace

void TaskState::Parse(StateParser& parser) {
  parser.AllowOnly({"Next", "End", "Resource", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
                    "InputPath", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Retry", "Catch", "Assign", "Credentials"});
  ParseComment(parser);
  ParseTransition(parser);
  ParseDataFlow(parser, kInputPath | kParameters | kResultSelector | kResultPath | kOutputPath | kAssign);
  ParseErrorHandling(parser);
  parser.Require({"Resource"});
  if (auto arn = parser.String("Resource")) {
    auto info = ParseResource(*arn);
    if (!info) {
      parser.Error(codes::kInvalidResource, fmt::format("Value is not a valid resource ARN: {}", *arn),
                   parser.location() + "/Resource");
    } else {
      resource_ = std::move(*info);
      if (parser.options().express) {
        if (resource_.pattern == IntegrationPattern::kSync) {
          parser.Error(codes::kSchemaValidationFailed,
                       "Express state machine does not support '.sync' service integration",
                       parser.location() + "/Resource");
        } else if (resource_.pattern == IntegrationPattern::kCallback) {
          parser.Error(codes::kSchemaValidationFailed,
                       "Express state machine does not support '.waitForTaskToken' service integration",
                       parser.location() + "/Resource");
        } else if (resource_.kind == ResourceInfo::Kind::kActivity) {
          parser.Error(codes::kSchemaValidationFailed, "Express state machine does not support activities",
                       parser.location() + "/Resource");
        }
      }
      if (!resource_.sdk && resource_.service == "glue" && resource_.action == "startJobRun") {
        if (const auto* parameters = parser.Find("Parameters"); parameters && parameters->is_object()) {
          for (const auto& member : parameters->get_object()) {
            std::string_view key = member.key();
            if (key.ends_with(".$")) key.remove_suffix(2);
            if (!StartJobRunFields().contains(key)) {
              parser.Error(codes::kSchemaValidationFailed,
                           fmt::format("The field \"{}\" is not supported by Step Functions", key),
                           parser.location() + "/Parameters");
            }
          }
        }
      }
    }
  }
  parser.AtMostOne({"TimeoutSeconds", "TimeoutSecondsPath"});
  parser.AtMostOne({"HeartbeatSeconds", "HeartbeatSecondsPath"});
  timeout_seconds_ = parser.Integer("TimeoutSeconds", 1, kMaxSeconds);
  heartbeat_seconds_ = parser.Integer("HeartbeatSeconds", 1, kMaxSeconds);
  timeout_seconds_path_ = ReferencePath(parser, "TimeoutSecondsPath");
  heartbeat_seconds_path_ = ReferencePath(parser, "HeartbeatSecondsPath");
  if (timeout_seconds_ && heartbeat_seconds_ && *heartbeat_seconds_ >= *timeout_seconds_) {
    parser.Error(codes::kSchemaValidationFailed, "HeartbeatSeconds must be smaller than TimeoutSeconds",
                 parser.location() + "/HeartbeatSeconds");
  }
}

void TaskState::AddResource(json::object& details) const {
  details["resourceType"] = resource_.resource_type;
  details["resource"] = resource_.resource;
}

Result<std::optional<int64_t>> TaskState::Seconds(const std::optional<int64_t>& fixed,
                                                  const std::optional<JsonPath>& path, const json::value& input,
                                                  StateRun& run, std::string_view field) const {
  if (!path) return fixed;
  const json::value* value = path->Lookup(input, run);
  if (!value) return StateError(errors::kRuntime, InvalidPathCause(*path));
  auto number = AsNumber(*value);
  if (!number || *number < 1 || *number != std::floor(*number) || *number > kMaxSeconds) {
    return StateError(errors::kRuntime,
                      fmt::format("The {} parameter does not reference a valid positive integer value at path '{}'",
                                  field, path->text()));
  }
  return std::optional<int64_t>(static_cast<int64_t>(*number));
}

void TaskState::Run(StateRun& run) const {
  auto parameters = flow_.EffectiveInput(run.input(), run);
  if (!parameters.ok()) return run.Fail(parameters.TakeStatus());
  auto timeout = Seconds(timeout_seconds_, timeout_seconds_path_, run.input(), run, "TimeoutSecondsPath");
  if (!timeout.ok()) return run.Fail(timeout.TakeStatus());
  auto heartbeat = Seconds(heartbeat_seconds_, heartbeat_seconds_path_, run.input(), run, "HeartbeatSecondsPath");
  if (!heartbeat.ok()) return run.Fail(heartbeat.TakeStatus());
  if (*timeout && *heartbeat && **heartbeat >= **timeout) {
    return run.Fail(StateError(errors::kRuntime, "HeartbeatSeconds must be smaller than TimeoutSeconds"));
  }
  if (run.recording()) {
    json::object details;
    if (is_activity()) {
      details["resource"] = resource_.arn;
      details["input"] = JsonText(*parameters);
      details["inputDetails"] = json::object{{"truncated", false}};
    } else {
      AddResource(details);
      details["region"] = run.region();
      details["parameters"] = JsonText(*parameters);
    }
    if (*timeout) details["timeoutInSeconds"] = **timeout;
    if (*heartbeat) details["heartbeatInSeconds"] = **heartbeat;
    run.Emit(is_activity() ? "ActivityScheduled" : "TaskScheduled", std::move(details));
  }
  TaskRequest request;
  request.resource = resource_.arn;
  request.parameters = std::move(*parameters);
  request.timeout_seconds = *timeout;
  request.heartbeat_seconds = *heartbeat;
  run.StartTask(std::move(request));
}

void TaskState::Resume(StateRun& run, Wakeup& wakeup) const {
  switch (wakeup.kind) {
    case Wakeup::Kind::kTaskStarted:
      if (run.recording()) {
        json::object details;
        if (is_activity()) {
          if (!wakeup.worker_name.empty()) details["workerName"] = wakeup.worker_name;
        } else {
          AddResource(details);
        }
        run.Emit(is_activity() ? "ActivityStarted" : "TaskStarted", std::move(details));
      }
      return;
    case Wakeup::Kind::kTaskSubmitted:
      if (run.recording()) {
        json::object details;
        AddResource(details);
        AddOutput(details, wakeup.value);
        run.Emit("TaskSubmitted", std::move(details));
      }
      return;
    case Wakeup::Kind::kTaskFailed:
    case Wakeup::Kind::kTaskTimedOut: {
      bool timed_out = wakeup.kind == Wakeup::Kind::kTaskTimedOut;
      Status error = timed_out ? StateError(errors::kTimeout, "").WithDetail("no_cause", "true") : wakeup.error;
      if (timed_out && wakeup.heartbeat) error = error.WithDetail("heartbeat", "true");
      if (run.recording()) {
        json::object details;
        if (!is_activity()) AddResource(details);
        std::string name = ErrorNameOf(error);
        if (!name.empty()) details["error"] = name;
        if (HasCause(error)) details["cause"] = error.message();
        std::string_view type = is_activity() ? (timed_out ? "ActivityTimedOut" : "ActivityFailed")
                                              : (timed_out ? "TaskTimedOut" : "TaskFailed");
        run.Emit(type, std::move(details));
      }
      return run.Fail(std::move(error));
    }
    case Wakeup::Kind::kTaskSucceeded: {
      if (run.recording()) {
        json::object details;
        if (!is_activity()) AddResource(details);
        AddOutput(details, wakeup.value);
        run.Emit(is_activity() ? "ActivitySucceeded" : "TaskSucceeded", std::move(details));
      }
      return CompleteWithResult(run, std::move(wakeup.value));
    }
    default: return State::Resume(run, wakeup);
  }
}

}  // namespace sluice::states
