// The job runner: see job_runner.h.
#include "jobs/runner/job_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/allocator.h"
#include "common/file.h"
#include "common/json.h"
#include "common/thread_pool.h"
#include "jobs/compiler/visual_job.h"
#include "jobs/data/s3_location.h"
#include "jobs/pythonshell/python_shell.h"
#include "jobs/runner/run_logger.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

constexpr std::string_view kWorkKind = "job-run";
constexpr uint64_t kMaxScriptBytes = 16 << 20;
constexpr int kVcpusPerDpu = 4;

const std::string kShutdownMessage =
    "The Sluice server shut down while this run was RUNNING; the run did not finish. Start the job again to rerun it.";
const std::string kCrashMessage =
    "The Sluice server stopped (it was killed or crashed) while this run was RUNNING; the run did not finish and "
    "Sluice does not resume runs part-way. Start the job again to rerun it (its job bookmark, if enabled, was not "
    "advanced).";

Status Invalid(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }

// Copies `key` from the first of `sources` that has it.
void CopyFirst(json::object& out, std::string_view key, std::initializer_list<const json::object*> sources) {
  for (const json::object* source : sources) {
    if (const json::value* value = FindMember(*source, key)) {
      out[key] = *value;
      return;
    }
  }
}

// Engine threads for a run: the vCPUs its capacity stands for (4 per DPU), at most the cores.
size_t ThreadsFor(const json::object& settings) {
  double dpus = GetNumber(settings, "MaxCapacity").value_or(1.0);
  size_t threads = static_cast<size_t>(std::max(1.0, std::ceil(dpus * kVcpusPerDpu)));
  return std::min(threads, HardwareConcurrency());
}

}  // namespace

JobRunner::JobRunner(Dependencies deps, Options options) : deps_(deps), options_(std::move(options)) {}

JobRunner::~JobRunner() { Stop(); }

// ---- starting ----

Result<JobRun> JobRunner::StartRun(const json::object& request) {
  std::string job_name(GetString(request, "JobName").value_or(""));
  ASSIGN_OR_RETURN(JobDefinition job, deps_.store->GetJob(job_name));
  JobRun run;
  run.id = NewJobRunId();
  run.job_name = job_name;
  if (auto previous = GetString(request, "JobRunId")) {
    ASSIGN_OR_RETURN(JobRun earlier, deps_.store->GetRun(job_name, std::string(*previous)));
    run.previous_run_id = earlier.id;
  }
  const json::object& document = job.document;
  json::object& settings = run.settings;
  json::object arguments;
  if (const json::object* given = GetObject(request, "Arguments")) arguments = *given;
  settings["Arguments"] = arguments;

  // Capacity: the run's own, else the job's.
  bool run_workers = FindMember(request, "WorkerType") || FindMember(request, "NumberOfWorkers");
  if (run_workers && (FindMember(request, "MaxCapacity") || FindMember(request, "AllocatedCapacity"))) {
    return Invalid("Please do not set Max Capacity or Allocated Capacity if using Worker Type and Number of Workers.");
  }
  if (run_workers) {
    if (job.is_python_shell()) return Invalid("Worker Type is not supported for Python shell jobs; set MaxCapacity.");
    CopyFirst(settings, "WorkerType", {&request, &document});
    CopyFirst(settings, "NumberOfWorkers", {&request, &document});
    auto type = GetString(settings, "WorkerType");
    auto workers = GetInt(settings, "NumberOfWorkers");
    if (!type || !workers) return Invalid("Please set both Worker Type and Number of Workers.");
    if (*workers < 1) return Invalid("NumberOfWorkers must be at least 1");
    double capacity = DpusPerWorker(*type).value_or(1.0) * static_cast<double>(*workers);
    settings["MaxCapacity"] = capacity;
    settings["AllocatedCapacity"] = static_cast<int64_t>(std::llround(capacity));
  } else if (auto capacity = GetNumber(request, "MaxCapacity")) {
    if (job.is_python_shell() && *capacity != 0.0625 && *capacity != 1.0) {
      return Invalid("Python shell jobs support a MaxCapacity of 0.0625 or 1.");
    }
    if (FindMember(document, "WorkerType")) {
      return Invalid("Please do not set Max Capacity if the job uses Worker Type and Number of Workers.");
    }
    settings["MaxCapacity"] = *capacity;
    settings["AllocatedCapacity"] = job.is_python_shell() ? 0 : static_cast<int64_t>(std::llround(*capacity));
  } else if (auto allocated = GetInt(request, "AllocatedCapacity")) {
    settings["AllocatedCapacity"] = *allocated;
    settings["MaxCapacity"] = static_cast<double>(*allocated);
  } else {
    for (std::string_view key : {"WorkerType", "NumberOfWorkers", "MaxCapacity", "AllocatedCapacity"}) {
      CopyFirst(settings, key, {&document});
    }
  }
  CopyFirst(settings, "Timeout", {&request, &document});
  for (std::string_view key : {"SecurityConfiguration", "NotificationProperty", "ExecutionClass"}) {
    CopyFirst(settings, key, {&request, &document});
  }
  for (std::string_view key : {"GlueVersion", "JobMode", "MaintenanceWindow", "ProfileName"}) {
    CopyFirst(settings, key, {&document});
  }
  CopyFirst(settings, "JobRunQueuingEnabled", {&request, &document});
  if (auto role = GetString(request, "ExecutionRoleSessionPolicy")) settings["ExecutionRoleSessionPolicy"] = *role;
  settings["LogGroupName"] = job.is_python_shell() ? "/aws-glue/python-jobs" : "/aws-glue/jobs";

  bool queue = GetBool(settings, "JobRunQueuingEnabled").value_or(false);
  ASSIGN_OR_RETURN(JobRun stored, deps_.store->InsertRun(std::move(run), job.max_concurrent_runs(), queue));
  Emit(stored, "job.run.started");
  if (stored.state == JobRunState::kStarting) Launch(stored);
  return stored;
}

void JobRunner::Launch(const JobRun& run) {
  auto active = std::make_shared<ActiveRun>();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;  // stays STARTING; the next process starts it
    active_[run.id] = active;
  }
  double minutes = static_cast<double>(run.timeout_minutes());
  int64_t delay = static_cast<int64_t>(minutes * 60e6 / std::max(options_.time_scale, 1e-9));
  std::string id = run.id;
  active->timer = deps_.work->timers().After(delay, [this, id] { OnTimeout(id); });
  auto submitted = deps_.work->Submit(std::string(kWorkKind), run.id, run.job_name, [this, run](scheduler::WorkContext&) {
    Execute(run);
    return Status::Ok();
  });
  if (!submitted.ok()) {
    deps_.work->timers().Cancel(active->timer);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      active_.erase(run.id);
    }
    RunUpdate update;
    update.error_message = "The run could not be scheduled: " + submitted.status().message();
    deps_.store->Transition(run.id, JobRunState::kFailed, update).status().IgnoreError();
  }
}

// ---- executing ----

void JobRunner::Execute(const JobRun& queued) {
  std::shared_ptr<ActiveRun> active;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = active_.find(queued.id);
    if (it == active_.end()) return;
    active = it->second;
    if (stopping_) {
      // Never started: leave it STARTING so that the next process starts it.
      deps_.work->timers().Cancel(active->timer);
      active_.erase(it);
      return;
    }
  }
  RunLogger logger(deps_.logs, queued.log_group(), queued.id);
  auto moved = deps_.store->Transition(queued.id, JobRunState::kRunning);
  if (!moved.ok() || !*moved) {
    // Stopped (or gone) before it could start.
    Finish(queued, Cancelled("stopped before it started"), {}, std::nullopt, logger);
    return;
  }
  const JobRun& run = **moved;
  json::object summary;
  std::optional<std::string> bookmark;
  Status outcome;
  auto job = deps_.store->GetJob(run.job_name);
  if (!job.ok()) {
    outcome = FailedPrecondition(fmt::format("the job {} was deleted before the run started", run.job_name));
  } else {
    logger.Output(fmt::format("Job run {} of job {} started (attempt {}{})", run.id, run.job_name, run.attempt,
                              run.previous_run_id.empty() ? "" : ", retrying " + run.previous_run_id));
    outcome = Perform(run, *job, active->control, logger, &summary, &bookmark);
    ReleaseFreeMemory();  // the run's batch buffers go back to the system
  }
  Finish(run, outcome, summary, bookmark, logger);
}

Status JobRunner::Perform(const JobRun& run, const JobDefinition& job, RunControl& control, RunLogger& logger,
                          json::object* summary, std::optional<std::string>* bookmark) {
  if (control.cancelled()) return Cancelled(control.reason());
  Arguments arguments = EffectiveArguments(job, run.arguments());
  if (job.is_python_shell()) {
    std::string location = job.script_location();
    if (auto it = arguments.find("--scriptLocation"); it != arguments.end()) location = it->second;
    if (location.empty()) return FailedPrecondition("the job has no Command.ScriptLocation to run");
    auto parsed = ParseS3Location(location);
    if (!parsed.ok()) return FailedPrecondition(parsed.status().message());
    auto object = deps_.objects->OpenObject(parsed->bucket, parsed->key);
    if (!object.ok()) {
      return FailedPrecondition(fmt::format("cannot read the script {}: {}", location, object.status().message()));
    }
    if (object->info.size > kMaxScriptBytes) {
      return FailedPrecondition(fmt::format("the script {} is larger than {} bytes", location, kMaxScriptBytes));
    }
    std::string script(object->info.size, '\0');
    RETURN_IF_ERROR(object->file.PReadExact(0, script.data(), script.size()));
    PythonShellRun shell;
    shell.job_name = run.job_name;
    shell.run_id = run.id;
    shell.script = std::move(script);
    shell.script_name = parsed->key.substr(parsed->key.rfind('/') + 1);
    shell.arguments = arguments;
    shell.work_dir = JoinPath(options_.data_dir, "tmp/job-runs/" + run.id);
    shell.python = options_.python;
    shell.environment = {{"AWS_ENDPOINT_URL", options_.endpoint_url},
                         {"AWS_ACCESS_KEY_ID", options_.access_key_id},
                         {"AWS_SECRET_ACCESS_KEY", options_.secret_access_key},
                         {"AWS_DEFAULT_REGION", options_.region},
                         {"AWS_REGION", options_.region}};
    shell.control = &control;
    shell.logger = &logger;
    RETURN_IF_ERROR(CreateDirectories(shell.work_dir));
    Status status = RunPythonShell(shell);
    std::error_code ignored;
    std::filesystem::remove_all(shell.work_dir, ignored);
    return status;
  }
  const json::object* nodes = job.nodes();
  if (nodes == nullptr || nodes->empty()) {
    return FailedPrecondition(fmt::format(
        "job {} has no visual graph (CodeGenConfigurationNodes): its {} script {} needs Apache Spark, which Sluice "
        "does not have; Sluice runs visual jobs and Python shell jobs",
        job.name, job.command_name(), job.script_location().empty() ? "(none)" : job.script_location()));
  }
  VisualJobServices services{deps_.objects, deps_.catalog, options_.account_id};
  VisualRun visual;
  visual.run_id = run.id;
  visual.arguments = arguments;
  visual.start_micros = deps_.clock->NowMicros();
  visual.execution.threads = ThreadsFor(run.settings);
  visual.control = &control;
  visual.log = [&logger](const std::string& line) { logger.Output(line); };
  ASSIGN_OR_RETURN(auto committed, deps_.store->GetBookmark(job.name, std::nullopt));
  if (committed) visual.bookmark_state = committed->state;
  for (auto [argument, target] : {std::pair{"--job-bookmark-from", &visual.bookmark_from},
                                  std::pair{"--job-bookmark-to", &visual.bookmark_to}}) {
    auto it = arguments.find(argument);
    if (it == arguments.end()) continue;
    ASSIGN_OR_RETURN(auto entry, deps_.store->GetBookmark(job.name, it->second));
    if (!entry) return Invalid(fmt::format("{} {}: that run committed no bookmark", argument, it->second));
    *target = entry->state;
  }
  if (visual.bookmark_from.has_value() != visual.bookmark_to.has_value()) {
    return Invalid("--job-bookmark-from and --job-bookmark-to go together");
  }
  ASSIGN_OR_RETURN(VisualRunResult result, RunVisualJob(*nodes, services, visual));
  for (const auto& line : result.Lines()) logger.Output(line);
  *summary = result.ToJson();
  *bookmark = result.bookmark_state;
  return Status::Ok();
}

void JobRunner::Finish(const JobRun& run, const Status& outcome, const json::object& summary,
                       const std::optional<std::string>& bookmark, RunLogger& logger) {
  bool timed_out = false, shutting_down = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = active_.find(run.id);
    if (it != active_.end()) {
      timed_out = it->second->timed_out;
      deps_.work->timers().Cancel(it->second->timer);
      active_.erase(it);
    }
    shutting_down = stopping_;
  }
  JobRunState to = JobRunState::kSucceeded;
  RunUpdate update;
  update.summary = summary;
  if (outcome.ok()) {
    update.bookmark_state = bookmark;
  } else if (outcome.code() == StatusCode::kCancelled && timed_out) {
    to = JobRunState::kTimeout;
    update.error_message = fmt::format("Job run timed out: it ran longer than its Timeout of {} minute{}",
                                       run.timeout_minutes(), run.timeout_minutes() == 1 ? "" : "s");
  } else if (outcome.code() == StatusCode::kCancelled && shutting_down) {
    to = JobRunState::kFailed;
    update.error_message = kShutdownMessage;
  } else if (outcome.code() == StatusCode::kCancelled) {
    to = JobRunState::kStopped;
  } else {
    to = JobRunState::kFailed;
    update.error_message = outcome.message();
  }
  if (update.error_message) logger.Error(*update.error_message);
  auto moved = deps_.store->Transition(run.id, to, update);
  if (moved.ok() && !*moved) {
    // A stop came in meanwhile (the run is STOPPING): it ends STOPPED.
    to = JobRunState::kStopped;
    moved = deps_.store->Transition(run.id, to, update);
  }
  if (!moved.ok() || !*moved) {
    spdlog::warn("job run {}: could not record its end: {}", run.id,
                 moved.ok() ? "it is no longer running" : moved.status().ToString());
    return;
  }
  const JobRun& finished = **moved;
  logger.Output(fmt::format("Job run {} {} after {} s", finished.id, JobRunStateName(finished.state),
                            finished.execution_seconds()));
  RecordMetrics(finished, summary);
  Emit(finished, fmt::format("job.run.{}", [&] {
         std::string name(JobRunStateName(finished.state));
         for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         return name;
       }()));
  if (shutting_down) return;
  if (finished.state == JobRunState::kFailed) MaybeRetry(finished);
  PromoteWaiting(finished.job_name);
}

void JobRunner::MaybeRetry(const JobRun& failed) {
  auto job = deps_.store->GetJob(failed.job_name);
  if (!job.ok() || failed.attempt >= job->max_retries()) return;
  JobRun next;
  next.attempt = failed.attempt + 1;
  next.id = AttemptRunId(FirstAttemptId(failed.id), next.attempt);
  next.job_name = failed.job_name;
  next.previous_run_id = failed.id;
  next.settings = failed.settings;
  auto stored = deps_.store->InsertRun(std::move(next), job->max_concurrent_runs(), /*queue=*/true);
  if (!stored.ok()) {
    spdlog::warn("job run {}: could not start its retry: {}", failed.id, stored.status().ToString());
    return;
  }
  Emit(*stored, "job.run.started");
  if (stored->state == JobRunState::kStarting) Launch(*stored);
}

void JobRunner::PromoteWaiting(const std::string& job_name) {
  static std::mutex promote_mutex;  // one promotion at a time, so freed slots are not taken twice
  std::lock_guard<std::mutex> lock(promote_mutex);
  auto job = deps_.store->GetJob(job_name);
  if (!job.ok()) return;
  while (true) {
    auto next = deps_.store->NextWaitingRun(job_name, job->max_concurrent_runs());
    if (!next.ok() || !*next) return;
    RunUpdate update;
    update.state_detail = "";
    auto moved = deps_.store->Transition((*next)->id, JobRunState::kStarting, update);
    if (!moved.ok()) return;
    if (*moved) Launch(**moved);
  }
}

void JobRunner::OnTimeout(const std::string& run_id) {
  std::shared_ptr<ActiveRun> active;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = active_.find(run_id);
    if (it == active_.end()) return;
    active = it->second;
    active->timed_out = true;
  }
  active->control.Cancel("the run reached its Timeout");
}

// ---- stopping ----

Status JobRunner::StopRun(const std::string& job_name, const std::string& run_id) {
  ASSIGN_OR_RETURN(JobRun run, deps_.store->GetRun(job_name, run_id));
  if (IsTerminal(run.state)) {
    return Invalid(fmt::format("Job run {} is already {}", run_id, JobRunStateName(run.state)));
  }
  if (run.state == JobRunState::kStopping) return Status::Ok();
  if (run.state == JobRunState::kWaiting) {
    ASSIGN_OR_RETURN(auto moved, deps_.store->Transition(run_id, JobRunState::kStopped));
    if (moved) Emit(*moved, "job.run.stopped");
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto moved, deps_.store->Transition(run_id, JobRunState::kStopping));
  if (!moved) return StopRun(job_name, run_id);  // it moved on meanwhile; look again
  std::shared_ptr<ActiveRun> active;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = active_.find(run_id);
    if (it != active_.end()) active = it->second;
  }
  if (active) {
    active->control.Cancel("stopped by BatchStopJobRun");
  } else {
    // Not running in this process (it ended meanwhile or never got a worker).
    ASSIGN_OR_RETURN(auto stopped, deps_.store->Transition(run_id, JobRunState::kStopped));
    if (stopped) Emit(*stopped, "job.run.stopped");
  }
  return Status::Ok();
}

// ---- process lifecycle ----

Status JobRunner::Start() {
  ASSIGN_OR_RETURN(auto orphans, deps_.work->Orphans(kWorkKind));
  for (const auto& orphan : orphans) {
    deps_.work->Abandon(orphan.id, "settled by the jobs service after a restart").IgnoreError();
  }
  ASSIGN_OR_RETURN(auto runs, deps_.store->UnfinishedRuns());
  std::set<std::string> jobs_with_waiting;
  for (const auto& run : runs) {
    switch (run.state) {
      case JobRunState::kRunning: {
        RunLogger logger(deps_.logs, run.log_group(), run.id);
        RunUpdate update;
        update.error_message = kCrashMessage;
        logger.Error(kCrashMessage);
        ASSIGN_OR_RETURN(auto moved, deps_.store->Transition(run.id, JobRunState::kFailed, update));
        if (moved) {
          RecordMetrics(*moved, {});
          Emit(*moved, "job.run.failed");
          MaybeRetry(*moved);
        }
        break;
      }
      case JobRunState::kStopping: {
        ASSIGN_OR_RETURN(auto moved, deps_.store->Transition(run.id, JobRunState::kStopped));
        if (moved) Emit(*moved, "job.run.stopped");
        break;
      }
      case JobRunState::kStarting:
        Launch(run);
        break;
      case JobRunState::kWaiting:
        jobs_with_waiting.insert(run.job_name);
        break;
      default:
        break;
    }
  }
  for (const auto& job : jobs_with_waiting) PromoteWaiting(job);
  return Status::Ok();
}

void JobRunner::Stop() {
  std::vector<std::shared_ptr<ActiveRun>> running;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (const auto& [id, active] : active_) running.push_back(active);
  }
  for (const auto& active : running) active->control.Cancel(kShutdownMessage);
}

// ---- reporting ----

void JobRunner::RecordMetrics(const JobRun& run, const json::object& summary) {
  if (deps_.metrics == nullptr) return;
  deps_.metrics
      ->GetCounter("sluice_job_runs_total", "Job runs that ended, by job and final state (JobRunState)",
                   {{"job", run.job_name}, {"state", std::string(JobRunStateName(run.state))}})
      .Increment();
  MetricLabels labels = {{"job", run.job_name}, {"run_id", run.id}};
  int64_t records_read = 0, records_written = 0, bytes_read = 0, bytes_written = 0;
  if (const json::array* nodes = GetArray(summary, "Nodes")) {
    for (const auto& node : *nodes) {
      if (!node.is_object()) continue;
      records_read += GetInt(node.get_object(), "RecordsRead").value_or(0);
      bytes_read += GetInt(node.get_object(), "BytesRead").value_or(0);
      records_written += GetInt(node.get_object(), "RecordsWritten").value_or(0);
      bytes_written += GetInt(node.get_object(), "BytesWritten").value_or(0);
    }
  }
  auto gauge = [&](std::string_view name, std::string_view help, double value) {
    deps_.metrics->GetGauge(name, help, labels).Set(value);
  };
  gauge("sluice_job_run_records_read", "Records a job run read from its sources (Glue: glue.driver.aggregate.recordsRead)",
        static_cast<double>(records_read));
  gauge("sluice_job_run_bytes_read", "Bytes a job run read from its sources (Glue: glue.driver.aggregate.bytesRead)",
        static_cast<double>(bytes_read));
  gauge("sluice_job_run_records_written", "Records a job run wrote to its targets", static_cast<double>(records_written));
  gauge("sluice_job_run_bytes_written", "Bytes a job run wrote to its targets", static_cast<double>(bytes_written));
  gauge("sluice_job_run_execution_seconds", "Seconds a job run was RUNNING (JobRun.ExecutionTime)",
        static_cast<double>(run.execution_seconds()));
  gauge("sluice_job_run_elapsed_seconds",
        "Seconds a job run took, RUNNING to its end (Glue: glue.driver.aggregate.elapsedTime, in seconds)",
        GetNumber(summary, "ElapsedSeconds").value_or(static_cast<double>(run.execution_seconds())));
}

void JobRunner::Emit(const JobRun& run, const std::string& type) {
  if (deps_.events == nullptr) return;
  json::object detail;
  detail["jobName"] = run.job_name;
  detail["jobRunId"] = run.id;
  detail["state"] = std::string(JobRunStateName(run.state));
  detail["attempt"] = run.attempt;
  if (!run.error_message.empty()) detail["message"] = run.error_message;
  deps_.events->Emit(type, std::move(detail));
}

}  // namespace sluice::jobs
