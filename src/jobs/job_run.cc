// Job runs: see job_run.h.
#include "jobs/job_run.h"

#include <fmt/format.h>

#include "catalog/model_json.h"
#include "common/ids.h"
#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {
constexpr std::string_view kAttemptMarker = "_attempt_";
}

Arguments JobRun::arguments() const {
  Arguments out;
  if (const json::object* given = GetObject(settings, "Arguments")) {
    for (const auto& [key, value] : *given) {
      if (value.is_string()) out[std::string(key)] = std::string(value.get_string());
    }
  }
  return out;
}

int64_t JobRun::timeout_minutes() const { return GetInt(settings, "Timeout").value_or(2880); }

std::string JobRun::log_group() const {
  return std::string(GetString(settings, "LogGroupName").value_or("/aws-glue/jobs"));
}

int64_t JobRun::execution_seconds() const {
  if (!running_micros || !completed_micros || *completed_micros < *running_micros) return 0;
  return (*completed_micros - *running_micros + 500000) / 1000000;
}

json::object JobRunToJson(const JobRun& run) {
  json::object out;
  out["Id"] = run.id;
  out["Attempt"] = run.attempt;
  if (!run.previous_run_id.empty()) out["PreviousRunId"] = run.previous_run_id;
  out["JobName"] = run.job_name;
  out["StartedOn"] = catalog::EpochSeconds(run.started_micros);
  out["LastModifiedOn"] = catalog::EpochSeconds(run.modified_micros);
  if (run.completed_micros) out["CompletedOn"] = catalog::EpochSeconds(*run.completed_micros);
  out["JobRunState"] = JobRunStateName(run.state);
  if (!run.error_message.empty()) out["ErrorMessage"] = run.error_message;
  if (!run.state_detail.empty()) out["StateDetail"] = run.state_detail;
  out["PredecessorRuns"] = json::array();
  out["ExecutionTime"] = run.execution_seconds();
  for (const auto& [key, value] : run.settings) out[key] = value;
  if (!out.contains("Arguments")) out["Arguments"] = json::object();
  return out;
}

std::string NewJobRunId() { return "jr_" + RandomHex(64); }

std::string AttemptRunId(const std::string& first_id, int64_t attempt) {
  return fmt::format("{}{}{}", first_id, kAttemptMarker, attempt);
}

std::string FirstAttemptId(const std::string& run_id) {
  size_t marker = run_id.find(kAttemptMarker);
  return marker == std::string::npos ? run_id : run_id.substr(0, marker);
}

Arguments EffectiveArguments(const JobDefinition& job, const Arguments& run_arguments) {
  Arguments out = job.default_arguments();
  for (const auto& [key, value] : run_arguments) out[key] = value;
  for (const auto& [key, value] : job.non_overridable_arguments()) out[key] = value;
  return out;
}

}  // namespace sluice::jobs
