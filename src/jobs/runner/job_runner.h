// The job runner: the lifecycle of Glue job runs. StartJobRun records a run (STARTING, or
// WAITING when ExecutionProperty.MaxConcurrentRuns is reached and queuing is enabled;
// otherwise ConcurrentRunsExceededException) and submits it to the work scheduler; the run
// moves to RUNNING, executes (a visual job on the engine, a Python shell script as a process)
// and ends SUCCEEDED, FAILED (with its ErrorMessage), TIMEOUT (past its Timeout minutes) or —
// after BatchStopJobRun, through STOPPING — STOPPED. A FAILED run of a job with MaxRetries
// starts the next attempt, "<first id>_attempt_<n>" with PreviousRunId set. When a run ends, the
// oldest WAITING run of the job takes its slot. Every state reached is durable (job_store.h).
//
// After a restart, runs the previous process left unfinished are settled: STARTING and
// WAITING ones start (they had not done anything), RUNNING ones fail with a message saying the
// server stopped (and are retried when attempts remain), STOPPING ones become STOPPED.
//
// Each run writes its log (run_logger.h), a summary at the end, metrics at /_sluice/metrics
// (sluice_job_run_* labelled by job and run id, sluice_job_runs_total by job and state) and
// events (job.run.started, job.run.succeeded, ...).
//
// Thread safety: thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/metrics.h"
#include "common/status.h"
#include "common/timer_queue.h"
#include "jobs/compiler/run_control.h"
#include "jobs/job_store.h"
#include "monitoring/event_log.h"
#include "monitoring/log_store.h"
#include "scheduler/work_scheduler.h"
#include "storage/object_store.h"

namespace sluice::jobs {

class JobRunner {
 public:
  struct Dependencies {
    JobStore* store = nullptr;
    scheduler::WorkScheduler* work = nullptr;
    storage::ObjectStore* objects = nullptr;
    catalog::Catalog* catalog = nullptr;  // may be null
    monitoring::LogStore* logs = nullptr;
    MetricsRegistry* metrics = nullptr;
    monitoring::EventLog* events = nullptr;  // may be null
    const Clock* clock = nullptr;
  };
  struct Options {
    std::string account_id = "000000000000";
    std::string region = "us-east-1";
    std::string data_dir;       // Python shell runs get a scratch folder in DIR/tmp/job-runs/
    std::string endpoint_url;   // what Python shell scripts call back (http://127.0.0.1:4566)
    std::string access_key_id;  // the credentials they use
    std::string secret_access_key;
    double time_scale = 1.0;  // Timeout minutes pass this many times faster (tests)
    std::string python = "/usr/bin/python3";
  };

  JobRunner(Dependencies deps, Options options);
  ~JobRunner();

  // Settles the runs a previous process left unfinished (see above). Call once, before
  // serving requests.
  Status Start();
  // Stops the runs in flight; they end FAILED with a message saying the server shut down.
  void Stop();

  // StartJobRun: `request` is the validated StartJobRun input. Returns the new run.
  // EntityNotFoundException, ConcurrentRunsExceededException, InvalidInputException.
  Result<JobRun> StartRun(const boost::json::object& request);
  // BatchStopJobRun for one run: OK when the run is stopping or stopped; an error (for the
  // response's Errors) when it does not exist or has already finished.
  Status StopRun(const std::string& job_name, const std::string& run_id);

 private:
  struct ActiveRun {
    RunControl control;
    TimerQueue::TimerId timer = 0;
    bool timed_out = false;  // guarded by JobRunner::mutex_
  };

  // Submits a STARTING run to the work scheduler, with its timeout.
  void Launch(const JobRun& run);
  // Runs one attempt to its end (on a worker).
  void Execute(const JobRun& run);
  // What executing the attempt did: OK, or the failure; `summary` and `bookmark` on success.
  Status Perform(const JobRun& run, const JobDefinition& job, RunControl& control, class RunLogger& logger,
                 boost::json::object* summary, std::optional<std::string>* bookmark);
  void Finish(const JobRun& run, const Status& outcome, const boost::json::object& summary,
              const std::optional<std::string>& bookmark, class RunLogger& logger);
  // Starts the next attempt of a FAILED run when the job allows more.
  void MaybeRetry(const JobRun& failed);
  // Starts WAITING runs of the job while slots are free.
  void PromoteWaiting(const std::string& job_name);
  void OnTimeout(const std::string& run_id);
  void RecordMetrics(const JobRun& run, const boost::json::object& summary);
  void Emit(const JobRun& run, const std::string& type);

  Dependencies deps_;
  Options options_;

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ActiveRun>> active_;  // by run id, guarded by mutex_
  bool stopping_ = false;                                      // guarded by mutex_
};

}  // namespace sluice::jobs
