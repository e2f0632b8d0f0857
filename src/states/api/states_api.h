// The Step Functions API (AWS JSON 1.0, prefix AWSStepFunctions): one JsonService whose
// operations live in one file per resource group (state machines, versions and aliases,
// executions, activities and task tokens, tags, TestState, definition validation). StatesApi
// holds what those files share: the store, the executor, ARNs, and compiled definitions.
//
// Thread safety: thread-safe once registered.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "http/json_service.h"
#include "states/asl/definition.h"
#include "common/thread_pool.h"
#include "states/integrations/activity_integration.h"
#include "states/integrations/nested_execution_integration.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/executor.h"

namespace sluice::states {

struct StatesApiOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  int64_t activity_poll_micros = 60'000'000;  // GetActivityTask long poll, as AWS
};

// What StartExecution (and a nested startExecution task) ask for.
struct StartExecutionArgs {
  std::string target_arn;  // a state machine, version or alias ARN
  std::optional<std::string> name;
  std::optional<std::string> input;
  std::string trace_header;
  std::string parent_token;
};

// What a finished child execution looks like to its parent's .sync task.
struct ChildExecutionSummary {
  std::string arn;
  std::string name;
  std::string machine_arn;
  std::string input;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  ExecutionStatus status = ExecutionStatus::kRunning;
  int64_t start_micros = 0;
  int64_t stop_micros = 0;
};

class StatesApi final : public NestedExecutions {
 public:
  // `pool` runs work that must not block the caller (reports to parent executions).
  StatesApi(StatesApiOptions options, ExecutionStore* store, Executor* executor, ActivityIntegration* activities,
            ThreadPool* pool, const Clock* clock);

  // Adds every operation to `service`.
  void Register(http::JsonService& service);

  const StatesApiOptions& options() const { return options_; }
  ExecutionStore& store() { return *store_; }
  Executor& executor() { return *executor_; }
  ActivityIntegration& activities() { return *activities_; }
  int64_t Now() const { return clock_->NowMicros(); }

  std::string MachineArn(std::string_view name) const;
  std::string ActivityArn(std::string_view name) const;

  // A parsed definition (cached by text). InvalidDefinition with AWS's message otherwise.
  Result<std::shared_ptr<const Definition>> Compile(const std::string& text, bool express);

  // What a StartExecution target resolves to.
  struct Target {
    StateMachineRow machine;  // for a version, the version's definition and role replace these
    std::string version_arn;
    std::string alias_arn;
  };
  // StateMachineDoesNotExist / InvalidArn as AWS reports them. Aliases pick a version by
  // their routing weights.
  Result<Target> ResolveTarget(const std::string& arn);

  // Starts an execution: validates name and input, resolves the target, runs it. Returns the
  // StartExecution response; EXPRESS executions started with `sync` are waited for.
  Result<boost::json::object> StartExecution(const StartExecutionArgs& args, bool sync, bool include_data);
  // The DescribeExecution shape of a stored execution.
  boost::json::object DescribeExecutionRow(const ExecutionRow& row, bool include_data) const;
  // The state machine (never a version) an ARN of a machine, version or alias belongs to.
  static std::string BaseMachineArn(const std::string& arn);

  // Nested executions (states:startExecution tasks).
  Result<boost::json::object> StartChild(const boost::json::object& parameters, const std::string& parent_token) override;
  bool ReportIfFinished(const std::string& execution_arn, const std::string& parent_token) override;
  void StopChild(const std::string& execution_arn) override;
  // The executor's listener: a nested execution that ended reports to its parent's task.
  void OnExecutionFinished(const std::shared_ptr<Execution>& execution);

 private:
  const StatesApiOptions options_;
  ExecutionStore* store_;
  Executor* executor_;
  ActivityIntegration* activities_;
  ThreadPool* pool_;
  const Clock* clock_;

  void ReportChild(const ChildExecutionSummary& child, const std::string& parent_token);

  std::mutex cache_mutex_;
  std::map<std::string, std::shared_ptr<const Definition>> definitions_;  // guarded by cache_mutex_
};

// One API operation: validated input in, response (or an AWS error) out.
using ApiOperation = Result<boost::json::value> (*)(StatesApi& api, const boost::json::object& input);
void AddOperation(http::JsonService& service, StatesApi& api, std::string name, ApiOperation operation);
// Publishes `machine` as a new version; returns the version ARN.
Result<std::string> PublishVersion(StatesApi& api, StateMachineRow machine, const std::string& description);

void RegisterStateMachineOperations(http::JsonService& service, StatesApi& api);
void RegisterVersionOperations(http::JsonService& service, StatesApi& api);
void RegisterExecutionOperations(http::JsonService& service, StatesApi& api);
void RegisterActivityOperations(http::JsonService& service, StatesApi& api);
void RegisterTagOperations(http::JsonService& service, StatesApi& api);
void RegisterTestStateOperation(http::JsonService& service, StatesApi& api);

}  // namespace sluice::states
