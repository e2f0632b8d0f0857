// The executor runs every execution of the server: it starts them (recording STANDARD ones
// durably before acknowledging), resumes those a previous process left running, routes task
// outcomes from integrations and task tokens to their executions, stops and redrives them.
// It owns the driver threads, the journal writer and the integrations.
//
// Thread safety: thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/thread_pool.h"
#include "common/timer_queue.h"
#include "states/interpreter/execution.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/journal_writer.h"
#include "states/integrations/integration.h"

namespace sluice::states {

struct StartRequest {
  std::string machine_arn;
  std::string machine_name;
  std::string version_arn;
  std::string alias_arn;
  std::string role_arn;
  std::string name;  // already validated
  bool express = false;
  std::shared_ptr<const Definition> definition;
  std::string input_text;
  boost::json::value input;
  std::string trace_header;
  std::string parent_token;
};

struct StartResult {
  std::shared_ptr<Execution> execution;  // null when an identical running execution was found
  std::string arn;
  int64_t start_micros = 0;
};

class Executor final : public ExecutionHost {
 public:
  struct Options {
    size_t driver_threads = 2;
    double time_scale = 1.0;
    std::string region = "us-east-1";
    std::string account_id = "000000000000";
    ExecutionLimits limits;
  };

  // `store` and `timers` must outlive the executor. `store` may be null for an executor that
  // runs only EXPRESS executions (tests, benchmarks).
  Executor(Options options, ExecutionStore* store, TimerQueue* timers, const Clock* clock, MetricsRegistry* metrics);
  ~Executor() override;

  void AddIntegration(std::shared_ptr<Integration> integration);
  // Resumes the STANDARD executions a previous process left RUNNING. Executions whose
  // definition or snapshots cannot be read are failed with States.Runtime.
  Status Recover();
  // Stops the drivers and the journal (what is queued is written).
  void Shutdown();

  // Starts an execution. STANDARD: returns once ExecutionStarted is durable; a running
  // execution with the same name and input is returned as is; another one with that name is
  // ExecutionAlreadyExists.
  Result<StartResult> Start(StartRequest request);
  // Runs the first state of an in-memory execution only (TestState); see ExecutionInfo.
  Result<StartResult> StartSingleStep(StartRequest request, std::optional<boost::json::value> mock_result,
                                      std::optional<std::pair<std::string, std::string>> mock_error,
                                      boost::json::object variables);
  // The running execution with this ARN, or nullptr.
  std::shared_ptr<Execution> FindRunning(const std::string& arn);
  // Stops a running execution (ABORTED); returns once that is durable.
  Status Stop(const std::string& arn, std::optional<std::string> error, std::optional<std::string> cause);
  // Redrives a stopped STANDARD execution from where it failed; returns once durable.
  Status Redrive(const ExecutionRow& row, std::shared_ptr<const Definition> definition, const std::string& machine_name);

  // Task tokens (SendTaskSuccess/Failure/Heartbeat). InvalidToken or TaskTimedOut errors as
  // AWS names them.
  Status SendTaskSuccess(const std::string& token, boost::json::value output);
  Status SendTaskFailure(const std::string& token, std::optional<std::string> error, std::optional<std::string> cause);
  Status SendTaskHeartbeat(const std::string& token);

  // Called whenever an execution ends (nested executions report to their parent task).
  void SetFinishedListener(std::function<void(const std::shared_ptr<Execution>&)> listener);

  JournalWriter* journal_writer() { return journal_.get(); }
  const Options& options() const { return options_; }
  size_t running_count();

  // ExecutionHost.
  ThreadPool& driver_pool() override { return drivers_; }
  TimerQueue& timers() override { return *timers_; }
  JournalWriter* journal() override { return journal_.get(); }
  const Clock& clock() override { return *clock_; }
  double time_scale() const override { return options_.time_scale; }
  void StartTask(const std::shared_ptr<Execution>& execution, FrameId frame, const FrameTask& task) override;
  void CancelTask(const Execution& execution, const FrameTask& task) override;
  void ExecutionFinished(const std::shared_ptr<Execution>& execution) override;

 private:
  class Callbacks;
  ExecutionInfo MakeInfo(StartRequest& request);
  static ExecutionRow RowFromInfo(const ExecutionInfo& info);
  ExecutionInfo InfoFromRow(const ExecutionRow& row, std::shared_ptr<const Definition> definition,
                            std::string machine_name);
  Result<std::vector<Frame>> LoadFrames(int64_t execution_id, const Definition& definition);
  void ForgetTask(const std::string& nonce);
  Status RouteToken(const std::string& token, TaskEvent event);
  std::string ExecutionArn(const StartRequest& request) const;

  const Options options_;
  ExecutionStore* store_;
  TimerQueue* timers_;
  const Clock* clock_;
  MetricsRegistry* metrics_;
  ThreadPool drivers_;
  std::unique_ptr<JournalWriter> journal_;
  std::vector<std::shared_ptr<Integration>> integrations_;  // set up before use

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Execution>> running_;  // guarded by mutex_
  std::set<std::string> starting_names_;  // machine|name being made durable; guarded by mutex_
  std::unordered_map<std::string, std::shared_ptr<Callbacks>> tasks_;  // nonce → callbacks; guarded by mutex_
  std::function<void(const std::shared_ptr<Execution>&)> finished_listener_;  // guarded by mutex_
  std::atomic<int64_t> next_id_{1};

  Counter* started_ = nullptr;
  Counter* finished_ = nullptr;
  Gauge* running_gauge_ = nullptr;
};

}  // namespace sluice::states
