// Job run states: see job_run_state.h.
#include "jobs/job_run_state.h"

namespace sluice::jobs {

namespace {

struct StateName {
  JobRunState state;
  std::string_view name;
};

constexpr StateName kNames[] = {
    {JobRunState::kStarting, "STARTING"}, {JobRunState::kRunning, "RUNNING"},
    {JobRunState::kStopping, "STOPPING"}, {JobRunState::kStopped, "STOPPED"},
    {JobRunState::kSucceeded, "SUCCEEDED"}, {JobRunState::kFailed, "FAILED"},
    {JobRunState::kTimeout, "TIMEOUT"},   {JobRunState::kError, "ERROR"},
    {JobRunState::kWaiting, "WAITING"},   {JobRunState::kExpired, "EXPIRED"},
};

}  // namespace

std::string_view JobRunStateName(JobRunState state) {
  for (const auto& entry : kNames) {
    if (entry.state == state) return entry.name;
  }
  return "ERROR";
}

std::optional<JobRunState> ParseJobRunState(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.name == name) return entry.state;
  }
  return std::nullopt;
}

bool IsTerminal(JobRunState state) {
  switch (state) {
    case JobRunState::kStopped:
    case JobRunState::kSucceeded:
    case JobRunState::kFailed:
    case JobRunState::kTimeout:
    case JobRunState::kError:
    case JobRunState::kExpired:
      return true;
    default:
      return false;
  }
}

bool OccupiesSlot(JobRunState state) {
  return state == JobRunState::kStarting || state == JobRunState::kRunning || state == JobRunState::kStopping;
}

bool IsAllowedTransition(JobRunState from, JobRunState to) {
  using S = JobRunState;
  switch (from) {
    case S::kWaiting:
      return to == S::kStarting || to == S::kStopped || to == S::kFailed || to == S::kExpired;
    case S::kStarting:
      return to == S::kRunning || to == S::kStopping || to == S::kStopped || to == S::kFailed || to == S::kTimeout;
    case S::kRunning:
      return to == S::kSucceeded || to == S::kFailed || to == S::kTimeout || to == S::kStopping;
    case S::kStopping:
      return to == S::kStopped;
    default:
      return false;  // terminal states never change
  }
}

}  // namespace sluice::jobs
