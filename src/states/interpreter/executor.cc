// The executor: see executor.h.
#include "states/interpreter/executor.h"

#include <future>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/ids.h"
#include "common/json.h"
#include "states/asl/state_error.h"
#include "states/interpreter/task_token.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

// Waits for a callback-style completion.
class Completion {
 public:
  std::function<void(const Status&)> Callback() {
    auto promise = promise_;
    return [promise](const Status& status) {
      try {
        promise->set_value(status);
      } catch (const std::future_error&) {
        // Already set: a second report is ignored.
      }
    };
  }
  Status Wait() { return future_.get(); }

 private:
  std::shared_ptr<std::promise<Status>> promise_ = std::make_shared<std::promise<Status>>();
  std::future<Status> future_ = promise_->get_future();
};

std::string MachineNameFromArn(const std::string& arn) {
  size_t at = arn.find(":stateMachine:");
  if (at == std::string::npos) return "";
  std::string name = arn.substr(at + 14);
  if (size_t colon = name.find(':'); colon != std::string::npos) name.resize(colon);
  return name;
}

}  // namespace

// Reports an integration's progress to one task attempt of one frame.
class Executor::Callbacks final : public TaskCallbacks {
 public:
  Callbacks(Executor* executor, std::weak_ptr<Execution> execution, FrameId frame, std::string nonce,
            TaskInvocation invocation, std::shared_ptr<Integration> integration)
      : executor_(executor),
        execution_(std::move(execution)),
        frame_(frame),
        nonce_(std::move(nonce)),
        invocation_(std::move(invocation)),
        integration_(std::move(integration)) {}

  void Started(std::string worker_name) override {
    TaskEvent event;
    event.kind = TaskEvent::Kind::kStarted;
    event.worker_name = std::move(worker_name);
    Send(std::move(event), false);
  }
  void Submitted(json::value output) override {
    TaskEvent event;
    event.kind = TaskEvent::Kind::kSubmitted;
    event.value = std::move(output);
    Send(std::move(event), false);
  }
  void Succeeded(json::value output) override {
    TaskEvent event;
    event.kind = TaskEvent::Kind::kSucceeded;
    event.value = std::move(output);
    Send(std::move(event), true);
  }
  void Failed(std::string error, std::string cause) override {
    TaskEvent event;
    event.kind = TaskEvent::Kind::kFailed;
    event.error = std::move(error);
    event.cause = std::move(cause);
    Send(std::move(event), true);
  }
  bool cancelled() const override { return done_.load() || execution_.expired(); }

  // Tells the integration to let go of the task; `task` carries the handle Submitted saved.
  void Cancel(const FrameTask& task) {
    if (done_.exchange(true)) return;
    if (!integration_) return;
    TaskInvocation invocation = invocation_;
    invocation.handle = task.handle;
    integration_->Cancel(invocation);
  }
  const TaskInvocation& invocation() const { return invocation_; }

 private:
  void Send(TaskEvent event, bool final) {
    if (final ? done_.exchange(true) : done_.load()) return;
    if (auto execution = execution_.lock()) execution->OnTaskEvent(frame_, nonce_, std::move(event), nullptr);
    if (final) executor_->ForgetTask(nonce_);
  }

  Executor* executor_;
  std::weak_ptr<Execution> execution_;
  FrameId frame_;
  std::string nonce_;
  TaskInvocation invocation_;
  std::shared_ptr<Integration> integration_;
  std::atomic<bool> done_{false};
};

Executor::Executor(Options options, ExecutionStore* store, TimerQueue* timers, const Clock* clock,
                   MetricsRegistry* metrics)
    : options_(std::move(options)),
      store_(store),
      timers_(timers),
      clock_(clock),
      metrics_(metrics),
      drivers_(std::max<size_t>(1, options_.driver_threads), "sluice-states") {
  if (store_) journal_ = std::make_unique<JournalWriter>(store_);
  if (metrics_) {
    started_ = &metrics_->GetCounter("sluice_states_executions_started_total", "Step Functions executions started");
    finished_ = &metrics_->GetCounter("sluice_states_executions_finished_total", "Step Functions executions ended");
    running_gauge_ = &metrics_->GetGauge("sluice_states_executions_running", "Step Functions executions running");
  }
}

Executor::~Executor() { Shutdown(); }

void Executor::AddIntegration(std::shared_ptr<Integration> integration) {
  integrations_.push_back(std::move(integration));
}

void Executor::SetFinishedListener(std::function<void(const std::shared_ptr<Execution>&)> listener) {
  std::lock_guard lock(mutex_);
  finished_listener_ = std::move(listener);
}

void Executor::Shutdown() {
  drivers_.Shutdown();
  if (journal_) journal_->Shutdown();
  std::lock_guard lock(mutex_);
  running_.clear();
  tasks_.clear();
}

size_t Executor::running_count() {
  std::lock_guard lock(mutex_);
  return running_.size();
}

std::string Executor::ExecutionArn(const StartRequest& request) const {
  std::string prefix = fmt::format("arn:aws:states:{}:{}:", options_.region, options_.account_id);
  if (request.express) {
    return prefix + fmt::format("express:{}:{}:{}", request.machine_name, request.name, NewUuid());
  }
  return prefix + fmt::format("execution:{}:{}", request.machine_name, request.name);
}

ExecutionInfo Executor::MakeInfo(StartRequest& request) {
  ExecutionInfo info;
  info.arn = ExecutionArn(request);
  info.name = request.name;
  info.machine_arn = request.machine_arn;
  info.machine_name = request.machine_name;
  info.version_arn = request.version_arn;
  info.alias_arn = request.alias_arn;
  info.role_arn = request.role_arn;
  info.region = options_.region;
  info.account_id = options_.account_id;
  info.express = request.express || !store_;
  info.start_micros = clock_->NowMicros();
  info.definition = request.definition;
  info.input = std::move(request.input);
  info.input_text = request.input_text;
  info.trace_header = request.trace_header;
  info.parent_token = request.parent_token;
  return info;
}

ExecutionRow Executor::RowFromInfo(const ExecutionInfo& info) {
  ExecutionRow row;
  row.id = info.id;
  row.arn = info.arn;
  row.machine_arn = info.machine_arn;
  row.version_arn = info.version_arn;
  row.alias_arn = info.alias_arn;
  row.name = info.name;
  row.status = ExecutionStatus::kRunning;
  row.definition = info.definition->text();
  row.role_arn = info.role_arn;
  row.input = info.input_text;
  row.start_micros = info.start_micros;
  row.trace_header = info.trace_header;
  row.parent_token = info.parent_token;
  return row;
}

ExecutionInfo Executor::InfoFromRow(const ExecutionRow& row, std::shared_ptr<const Definition> definition,
                                    std::string machine_name) {
  ExecutionInfo info;
  info.id = row.id;
  info.arn = row.arn;
  info.name = row.name;
  info.machine_arn = row.machine_arn;
  info.machine_name = std::move(machine_name);
  info.version_arn = row.version_arn;
  info.alias_arn = row.alias_arn;
  info.role_arn = row.role_arn;
  info.region = options_.region;
  info.account_id = options_.account_id;
  info.start_micros = row.start_micros;
  info.definition = std::move(definition);
  info.input_text = row.input;
  auto input = ParseJson(row.input);
  info.input = input.ok() ? std::move(*input) : json::value();
  info.trace_header = row.trace_header;
  info.parent_token = row.parent_token;
  return info;
}

Result<std::vector<Frame>> Executor::LoadFrames(int64_t execution_id, const Definition& definition) {
  ASSIGN_OR_RETURN(auto snapshots, store_->Frames(execution_id));
  std::vector<Frame> frames;
  for (const auto& [id, text] : snapshots) {
    ASSIGN_OR_RETURN(Frame frame, Frame::FromSnapshot(id, text, definition));
    frames.push_back(std::move(frame));
  }
  return frames;
}

Result<StartResult> Executor::StartSingleStep(StartRequest request, std::optional<json::value> mock_result,
                                              std::optional<std::pair<std::string, std::string>> mock_error,
                                              json::object variables) {
  request.express = true;
  ExecutionInfo info = MakeInfo(request);
  info.express = true;
  info.single_step = true;
  info.mock_result = std::move(mock_result);
  info.mock_error = std::move(mock_error);
  info.initial_variables = std::move(variables);
  auto execution = std::make_shared<Execution>(std::move(info), this, options_.limits);
  execution->Start(std::nullopt, nullptr);
  return StartResult{execution, execution->info().arn, execution->info().start_micros};
}

Result<StartResult> Executor::Start(StartRequest request) {
  ExecutionInfo info = MakeInfo(request);
  if (info.express) {
    auto execution = std::make_shared<Execution>(std::move(info), this, options_.limits);
    {
      std::lock_guard lock(mutex_);
      running_[execution->info().arn] = execution;
    }
    if (started_) started_->Increment();
    execution->Start(std::nullopt, nullptr);
    return StartResult{execution, execution->info().arn, execution->info().start_micros};
  }

  std::string key = request.machine_arn + "|" + request.name;
  auto exists = [&] {
    return AwsError("ExecutionAlreadyExists", 400, fmt::format("Execution Already Exists: '{}'", info.arn));
  };
  // A finished (or earlier) execution of that name: idempotent only while RUNNING with the
  // same input.
  ASSIGN_OR_RETURN(auto stored, store_->GetExecutionByName(request.machine_arn, request.name));
  std::shared_ptr<Execution> execution;
  {
    std::lock_guard lock(mutex_);
    auto running = running_.find(info.arn);
    if (running != running_.end()) {
      if (running->second->info().input_text == info.input_text) {
        return StartResult{nullptr, info.arn, running->second->info().start_micros};
      }
      return exists();
    }
    if (stored) {
      if (stored->status == ExecutionStatus::kRunning && stored->input == info.input_text) {
        return StartResult{nullptr, stored->arn, stored->start_micros};
      }
      return exists();
    }
    if (!starting_names_.insert(key).second) return exists();
    info.id = next_id_.fetch_add(1);
    execution = std::make_shared<Execution>(info, this, options_.limits);
    running_[info.arn] = execution;
  }
  ExecutionRow row = RowFromInfo(info);
  Completion durable;
  execution->Start(std::move(row), durable.Callback());
  Status status = durable.Wait();
  {
    std::lock_guard lock(mutex_);
    starting_names_.erase(key);
    if (!status.ok()) running_.erase(info.arn);
  }
  if (!status.ok()) return status.WithContext("recording the execution");
  if (started_) started_->Increment();
  return StartResult{execution, info.arn, info.start_micros};
}

std::shared_ptr<Execution> Executor::FindRunning(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(arn);
  return it == running_.end() ? nullptr : it->second;
}

Status Executor::Stop(const std::string& arn, std::optional<std::string> error, std::optional<std::string> cause) {
  auto execution = FindRunning(arn);
  if (!execution) return NotFound(arn);
  Completion durable;
  execution->Stop(std::move(error), std::move(cause), durable.Callback());
  return durable.Wait();
}

Status Executor::Redrive(const ExecutionRow& row, std::shared_ptr<const Definition> definition,
                         const std::string& machine_name) {
  if (!store_) return FailedPrecondition("no store");
  ASSIGN_OR_RETURN(std::vector<Frame> frames, LoadFrames(row.id, *definition));
  ExecutionInfo info = InfoFromRow(row, std::move(definition), machine_name);
  auto execution = std::make_shared<Execution>(std::move(info), this, options_.limits);
  {
    std::lock_guard lock(mutex_);
    if (running_.contains(row.arn)) return FailedPrecondition("the execution is running");
    running_[row.arn] = execution;
  }
  ExecutionOutcome outcome;
  outcome.redrive_count = row.redrive_count;
  outcome.redrive_micros = row.redrive_micros;
  Completion durable;
  Status status = execution->Redrive(std::move(frames), row.next_event_id, outcome, durable.Callback());
  if (status.ok()) status = durable.Wait();
  if (!status.ok()) {
    std::lock_guard lock(mutex_);
    running_.erase(row.arn);
  }
  return status;
}

Status Executor::Recover() {
  if (!store_) return Status::Ok();
  ASSIGN_OR_RETURN(int64_t max_id, store_->MaxExecutionId());
  next_id_ = max_id + 1;
  ASSIGN_OR_RETURN(auto rows, store_->RunningExecutions());
  size_t resumed = 0;
  for (const auto& row : rows) {
    Diagnostics diagnostics;
    auto definition = Definition::Parse(row.definition, DefinitionOptions{}, diagnostics);
    Status status = definition ? Status::Ok() : DataLoss(diagnostics.InvalidDefinitionMessage());
    std::vector<Frame> frames;
    if (status.ok()) {
      auto loaded = LoadFrames(row.id, *definition);
      if (loaded.ok()) frames = std::move(*loaded);
      else status = loaded.status();
    }
    ExecutionInfo info = InfoFromRow(row, definition, MachineNameFromArn(row.machine_arn));
    if (!status.ok()) {
      // Nothing can run it again: fail it visibly rather than leave it RUNNING forever.
      spdlog::error("states: cannot resume {}: {}", row.arn, status.ToString());
      JournalBatch batch;
      batch.execution_id = row.id;
      ExecutionUpdate update;
      update.status = ExecutionStatus::kFailed;
      update.error = std::string(errors::kRuntime);
      update.cause = "The execution could not be resumed after a restart: " + status.message();
      update.stop_micros = clock_->NowMicros();
      update.redrive_count = row.redrive_count;
      batch.update = std::move(update);
      journal_->Submit(std::move(batch));
      continue;
    }
    auto execution = std::make_shared<Execution>(std::move(info), this, options_.limits);
    {
      std::lock_guard lock(mutex_);
      running_[row.arn] = execution;
    }
    ExecutionOutcome outcome;
    outcome.redrive_count = row.redrive_count;
    outcome.redrive_micros = row.redrive_micros;
    Status restored = execution->Restore(std::move(frames), row.next_event_id, outcome);
    if (!restored.ok()) {
      spdlog::error("states: cannot resume {}: {}", row.arn, restored.ToString());
      std::lock_guard lock(mutex_);
      running_.erase(row.arn);
      continue;
    }
    ++resumed;
  }
  if (journal_) journal_->Flush();
  if (resumed > 0) spdlog::info("states: resumed {} running execution(s)", resumed);
  return Status::Ok();
}

// --- tasks ---

void Executor::StartTask(const std::shared_ptr<Execution>& execution, FrameId frame, const FrameTask& task) {
  TaskInvocation invocation;
  auto resource = ParseResource(task.request.resource);
  if (resource) invocation.resource = *resource;
  invocation.parameters = task.request.parameters;
  invocation.task_token = task.token;
  invocation.handle = task.handle;
  invocation.execution_arn = execution->info().arn;
  invocation.region = options_.region;
  invocation.account_id = options_.account_id;
  invocation.time_scale = options_.time_scale;
  std::shared_ptr<Integration> integration;
  if (resource) {
    for (const auto& candidate : integrations_) {
      if (candidate->Handles(*resource)) {
        integration = candidate;
        break;
      }
    }
  }
  auto callbacks = std::make_shared<Callbacks>(this, execution, frame, task.nonce, invocation, integration);
  {
    std::lock_guard lock(mutex_);
    tasks_[task.nonce] = callbacks;
  }
  if (!integration) {
    callbacks->Failed(std::string(errors::kRuntime),
                      fmt::format("Sluice does not support the resource '{}'", task.request.resource));
    return;
  }
  integration->Start(std::move(invocation), callbacks);
}

void Executor::ForgetTask(const std::string& nonce) {
  std::lock_guard lock(mutex_);
  tasks_.erase(nonce);
}

void Executor::CancelTask(const Execution& execution, const FrameTask& task) {
  std::shared_ptr<Callbacks> callbacks;
  {
    std::lock_guard lock(mutex_);
    auto it = tasks_.find(task.nonce);
    if (it == tasks_.end()) return;
    callbacks = it->second;
    tasks_.erase(it);
  }
  callbacks->Cancel(task);
}

void Executor::ExecutionFinished(const std::shared_ptr<Execution>& execution) {
  std::function<void(const std::shared_ptr<Execution>&)> listener;
  {
    std::lock_guard lock(mutex_);
    auto it = running_.find(execution->info().arn);
    if (it != running_.end() && it->second == execution) running_.erase(it);
    listener = finished_listener_;
    if (running_gauge_) running_gauge_->Set(static_cast<double>(running_.size()));
  }
  if (finished_) finished_->Increment();
  if (listener) listener(execution);
}

Status Executor::RouteToken(const std::string& token, TaskEvent event) {
  auto parts = ParseTaskToken(token);
  if (!parts) return AwsError("InvalidToken", 400, "Invalid Token: 'Invalid token'");
  auto execution = FindRunning(parts->execution_arn);
  if (!execution) {
    return AwsError("TaskTimedOut", 400, "Task Timed Out: 'Provided task does not exist anymore'");
  }
  Completion done;
  execution->OnTaskEvent(parts->frame, parts->nonce, std::move(event), done.Callback());
  return done.Wait();
}

Status Executor::SendTaskSuccess(const std::string& token, json::value output) {
  TaskEvent event;
  event.kind = TaskEvent::Kind::kSucceeded;
  event.value = std::move(output);
  return RouteToken(token, std::move(event));
}

Status Executor::SendTaskFailure(const std::string& token, std::optional<std::string> error,
                                 std::optional<std::string> cause) {
  TaskEvent event;
  event.kind = TaskEvent::Kind::kFailed;
  event.has_error = error.has_value();
  event.error = error.value_or("");
  event.has_cause = cause.has_value();
  event.cause = cause.value_or("");
  return RouteToken(token, std::move(event));
}

Status Executor::SendTaskHeartbeat(const std::string& token) {
  TaskEvent event;
  event.kind = TaskEvent::Kind::kHeartbeat;
  return RouteToken(token, std::move(event));
}

}  // namespace sluice::states
