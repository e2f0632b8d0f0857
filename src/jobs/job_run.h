// A job run as Sluice records it (Glue's JobRun), and its JSON shape. What a run was started
// with (arguments, capacity, timeout, worker type) is fixed at StartJobRun and kept as one JSON
// document; what changes (state, times, error) are separate fields.
//
// Thread safety: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "jobs/job_definition.h"
#include "jobs/job_run_state.h"

namespace sluice::jobs {

struct JobRun {
  std::string id;  // "jr_" + 64 hex, or "<first id>_attempt_<n>" for retries
  std::string job_name;
  int64_t attempt = 0;          // 0 for the first attempt
  std::string previous_run_id;  // the attempt (or run) this one retries; "" when none
  JobRunState state = JobRunState::kStarting;
  int64_t started_micros = 0;  // StartedOn: when StartJobRun accepted it
  int64_t modified_micros = 0;
  std::optional<int64_t> running_micros;    // when it entered RUNNING
  std::optional<int64_t> completed_micros;  // when it entered a terminal state
  std::string error_message;
  std::string state_detail;
  // What the run was started with: Arguments (as given to StartJobRun), AllocatedCapacity,
  // MaxCapacity, WorkerType, NumberOfWorkers, Timeout, SecurityConfiguration,
  // NotificationProperty, GlueVersion, ExecutionClass, JobMode, JobRunQueuingEnabled,
  // LogGroupName, TriggerName.
  boost::json::object settings;
  // What the run did (records and bytes per node, elapsed time), once it finished.
  boost::json::object summary;

  Arguments arguments() const;  // settings.Arguments
  int64_t timeout_minutes() const;
  std::string log_group() const;  // "/aws-glue/jobs" or "/aws-glue/python-jobs"
  // ExecutionTime: whole seconds from RUNNING to the end (0 until then).
  int64_t execution_seconds() const;
};

// The JobRun shape of GetJobRun (timestamps as epoch seconds).
boost::json::object JobRunToJson(const JobRun& run);

// A new first-attempt run id: "jr_" followed by 64 lowercase hex characters.
std::string NewJobRunId();
// The id of retry `attempt` of the run whose first attempt is `first_id`.
std::string AttemptRunId(const std::string& first_id, int64_t attempt);
// The first attempt's id of any attempt id ("jr_x_attempt_2" → "jr_x").
std::string FirstAttemptId(const std::string& run_id);

// The arguments a run sees: the job's DefaultArguments, overridden by the run's Arguments,
// overridden by the job's NonOverridableArguments.
Arguments EffectiveArguments(const JobDefinition& job, const Arguments& run_arguments);

}  // namespace sluice::jobs
