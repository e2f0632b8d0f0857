// Wait state: see wait_state.h.
#include "states/types/wait_state.h"

#include <cmath>

#include <fmt/format.h>

#include "common/json.h"
#include "states/asl/choice_rule.h"
#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

namespace {

constexpr int64_t kMaxWaitSeconds = 99999999;

std::optional<JsonPath> ParseReferencePath(StateParser& parser, std::string_view field) {
  auto text = parser.String(field);
  if (!text) return std::nullopt;
  auto path = JsonPath::Parse(*text);
  if (!path.ok() || !path->definite()) {
    parser.Error(codes::kSchemaValidationFailed, fmt::format("The value for the field '{}' must be a valid JSONPath",
                                                             field),
                 parser.location() + "/" + std::string(field));
    return std::nullopt;
  }
  return std::move(*path);
}

}  // namespace

void WaitState::Parse(StateParser& parser) {
  parser.AllowOnly({"Next", "End", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "InputPath", "OutputPath",
                    "Assign"});
  ParseComment(parser);
  ParseTransition(parser);
  ParseDataFlow(parser, kInputPath | kOutputPath | kAssign);
  int given = parser.AtMostOne({"Seconds", "SecondsPath", "Timestamp", "TimestampPath"});
  if (given == 0) {
    parser.Error(codes::kSchemaValidationFailed,
                 "Exactly one of these fields is required: [Seconds, SecondsPath, Timestamp, TimestampPath]");
  }
  seconds_ = parser.Integer("Seconds", 0, kMaxWaitSeconds);
  seconds_path_ = ParseReferencePath(parser, "SecondsPath");
  timestamp_path_ = ParseReferencePath(parser, "TimestampPath");
  if (auto text = parser.String("Timestamp")) {
    timestamp_micros_ = ParseAslTimestamp(*text);
    if (!timestamp_micros_) {
      parser.Error(codes::kSchemaValidationFailed, "The value for the field 'Timestamp' must be a valid timestamp",
                   parser.location() + "/Timestamp");
    }
  }
}

void WaitState::Run(StateRun& run) const {
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  int64_t now = run.NowMicros();
  double scale = run.time_scale();
  int64_t deadline = now;
  if (seconds_ || seconds_path_) {
    int64_t seconds = seconds_.value_or(0);
    if (seconds_path_) {
      const boost::json::value* value = seconds_path_->Lookup(*effective, run);
      if (!value) return run.Fail(StateError(errors::kRuntime, InvalidPathCause(*seconds_path_)));
      auto number = AsNumber(*value);
      if (!number || *number < 0 || *number != std::floor(*number) || *number > kMaxWaitSeconds) {
        return run.Fail(StateError(
            errors::kRuntime, fmt::format("The SecondsPath parameter does not reference a valid non-negative integer "
                                          "value at path '{}'",
                                          seconds_path_->text())));
      }
      seconds = static_cast<int64_t>(*number);
    }
    deadline = now + static_cast<int64_t>(static_cast<double>(seconds) * 1e6 / scale);
  } else {
    std::optional<int64_t> when = timestamp_micros_;
    if (timestamp_path_) {
      const boost::json::value* value = timestamp_path_->Lookup(*effective, run);
      if (!value) return run.Fail(StateError(errors::kRuntime, InvalidPathCause(*timestamp_path_)));
      when = value->is_string() ? ParseAslTimestamp(std::string_view(value->get_string())) : std::nullopt;
      if (!when) {
        return run.Fail(StateError(errors::kRuntime,
                                   fmt::format("The TimestampPath parameter does not reference a valid ISO-8601 "
                                               "extended offset date-time format string at path '{}'",
                                               timestamp_path_->text())));
      }
    }
    if (*when > now) deadline = now + static_cast<int64_t>(static_cast<double>(*when - now) / scale);
  }
  run.SleepUntil(deadline);
}

void WaitState::Resume(StateRun& run, Wakeup& wakeup) const {
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  if (flow_.assign) {
    auto assigned = flow_.EvaluateAssign(*effective, run);
    if (!assigned.ok()) return run.Fail(assigned.TakeStatus());
    run.SetVariables(std::move(*assigned));
  }
  auto output = flow_.ApplyOutputPath(std::move(*effective));
  if (!output.ok()) return run.Fail(output.TakeStatus());
  run.Transition(next_, std::move(*output));
}

}  // namespace sluice::states
