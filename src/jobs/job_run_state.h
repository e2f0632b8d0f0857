// The states of a Glue job run (JobRunState) and the transitions between them, as AWS Glue
// defines them:
//
//   StartJobRun ──> WAITING ──> STARTING ──> RUNNING ──> SUCCEEDED | FAILED | TIMEOUT
//                       │            │          └── BatchStopJobRun ──> STOPPING ──> STOPPED
//                       └────────────┴──────────── BatchStopJobRun ──> STOPPED
//
// ERROR and EXPIRED are terminal states Glue reports for runs that never started (a trigger
// naming a deleted job; a queued run that waited too long); Sluice never enters them but reads
// them. The names are persisted in DIR/meta/jobs.db: never rename.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace sluice::jobs {

enum class JobRunState { kStarting, kRunning, kStopping, kStopped, kSucceeded, kFailed, kTimeout, kError, kWaiting, kExpired };

// "STARTING", "RUNNING", ...
std::string_view JobRunStateName(JobRunState state);
std::optional<JobRunState> ParseJobRunState(std::string_view name);

// STOPPED, SUCCEEDED, FAILED, TIMEOUT, ERROR, EXPIRED.
bool IsTerminal(JobRunState state);
// A run that counts against ExecutionProperty.MaxConcurrentRuns: STARTING, RUNNING, STOPPING.
bool OccupiesSlot(JobRunState state);
// Whether a run may move from `from` to `to` (the diagram above).
bool IsAllowedTransition(JobRunState from, JobRunState to);

}  // namespace sluice::jobs
