// Optimized Glue job integration: see glue_job_integration.h.
#include "states/integrations/glue_job_integration.h"

#include <algorithm>
#include <cmath>

#include "common/ids.h"
#include "common/json.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/integrations/service_errors.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

// The JobRun as Step Functions outputs it: timestamps in epoch milliseconds.
json::object JobRunOutput(json::object run, const std::string& job_name) {
  for (std::string_view key : {"StartedOn", "LastModifiedOn", "CompletedOn"}) {
    auto it = run.find(key);
    if (it == run.end()) continue;
    if (auto seconds = AsNumber(it->value())) it->value() = static_cast<int64_t>(std::llround(*seconds * 1000.0));
  }
  if (!run.contains("JobName")) run["JobName"] = job_name;
  return run;
}

}  // namespace

Result<json::value> JsonServiceJobRunner::StartJobRun(const json::object& request) {
  return glue_->Call("StartJobRun", request, Context());
}

Result<json::object> JsonServiceJobRunner::GetJobRun(const std::string& job_name, const std::string& run_id) {
  ASSIGN_OR_RETURN(json::value response,
                   glue_->Call("GetJobRun", json::object{{"JobName", job_name}, {"RunId", run_id}}, Context()));
  const json::object* run = response.is_object() ? GetObject(response.get_object(), "JobRun") : nullptr;
  if (!run) return Internal("GetJobRun returned no JobRun");
  return *run;
}

Status JsonServiceJobRunner::StopJobRun(const std::string& job_name, const std::string& run_id) {
  auto response = glue_->Call("BatchStopJobRun",
                              json::object{{"JobName", job_name}, {"JobRunIds", json::array{json::value(run_id)}}},
                              Context());
  return response.ok() ? Status::Ok() : response.status();
}

http::CallContext JsonServiceJobRunner::Context() const { return {NewUuid(), account_id_, region_, ""}; }

void GlueJobIntegration::Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) {
  pool_->Submit([this, invocation = std::move(invocation), callbacks]() {
    if (callbacks->cancelled()) return;
    json::object request = invocation.parameters.is_object() ? invocation.parameters.get_object() : json::object();
    std::string job_name(GetString(request, "JobName").value_or(""));
    // After a restart a .sync task carries the run it started: wait for that one again.
    if (invocation.handle.is_object()) {
      if (auto run_id = GetString(invocation.handle.get_object(), "JobRunId")) {
        Poll(job_name, std::string(*run_id), invocation.time_scale, callbacks);
        return;
      }
    }
    callbacks->Started("");
    auto response = runner_->StartJobRun(request);
    if (!response.ok()) {
      ServiceError error = OptimizedServiceError("Glue", "AWSGlue", response.status(), NewUuid());
      callbacks->Failed(std::move(error.error), std::move(error.cause));
      return;
    }
    std::string run_id(response->is_object() ? GetString(response->get_object(), "JobRunId").value_or("") : "");
    json::object started{{"JobName", job_name}, {"JobRunId", run_id}};
    switch (invocation.resource.pattern) {
      case IntegrationPattern::kRequestResponse: callbacks->Succeeded(std::move(started)); return;
      case IntegrationPattern::kCallback: callbacks->Submitted(std::move(started)); return;
      case IntegrationPattern::kSync:
        callbacks->Submitted(started);
        Poll(job_name, run_id, invocation.time_scale, callbacks);
        return;
    }
  });
}

void GlueJobIntegration::Poll(std::string job_name, std::string run_id, double time_scale,
                              std::shared_ptr<TaskCallbacks> callbacks) {
  if (callbacks->cancelled()) return;
  auto run = runner_->GetJobRun(job_name, run_id);
  if (!run.ok()) {
    ServiceError error = OptimizedServiceError("Glue", "AWSGlue", run.status(), NewUuid());
    callbacks->Failed(std::move(error.error), std::move(error.cause));
    return;
  }
  std::string state(GetString(*run, "JobRunState").value_or(""));
  if (state == "SUCCEEDED") {
    callbacks->Succeeded(JobRunOutput(std::move(*run), job_name));
    return;
  }
  if (state == "FAILED" || state == "TIMEOUT" || state == "ERROR" || state == "EXPIRED" || state == "STOPPED") {
    callbacks->Failed(std::string(errors::kTaskFailed), JsonText(JobRunOutput(std::move(*run), job_name)));
    return;
  }
  int64_t delay = std::max<int64_t>(10'000, static_cast<int64_t>(static_cast<double>(poll_micros_) / time_scale));
  timers_->After(delay, [this, job_name = std::move(job_name), run_id = std::move(run_id), time_scale, callbacks] {
    pool_->Submit([this, job_name, run_id, time_scale, callbacks] { Poll(job_name, run_id, time_scale, callbacks); });
  });
}

void GlueJobIntegration::Cancel(const TaskInvocation& invocation) {
  if (!invocation.handle.is_object()) return;
  auto run_id = GetString(invocation.handle.get_object(), "JobRunId");
  auto job_name = invocation.parameters.is_object() ? GetString(invocation.parameters.get_object(), "JobName")
                                                    : std::nullopt;
  if (!run_id || !job_name) return;
  std::string job(*job_name);
  std::string run(*run_id);
  pool_->Submit([this, job, run] { runner_->StopJobRun(job, run).IgnoreError(); });
}

}  // namespace sluice::states
