// arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]: a task that starts
// another state machine's execution. Request/response: output {"ExecutionArn", "StartDate"}.
// .sync waits for the child and outputs its description (Input/Output as JSON strings; as JSON
// values with .sync:2); a child that fails, times out or is aborted fails the task with
// States.TaskFailed. The child reports its end through the parent's task token.
//
// Thread safety: thread-safe; starts run on the I/O pool.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "common/status.h"
#include "common/thread_pool.h"
#include "states/integrations/integration.h"

namespace sluice::states {

// Implemented by the Step Functions API (StartExecution semantics and errors).
class NestedExecutions {
 public:
  virtual ~NestedExecutions() = default;
  // Starts the child described by a task's Parameters (StateMachineArn, Input, Name).
  // `parent_token` non-empty: the child reports its end to that token ("1:"/"2:" prefixed
  // with the .sync version). Returns {"ExecutionArn", "StartDate"}.
  virtual Result<boost::json::object> StartChild(const boost::json::object& parameters, const std::string& parent_token) = 0;
  // Re-reports the end of a child that finished while the parent was not listening (after a
  // restart): sends the task token result when the child has ended. False when it runs on.
  virtual bool ReportIfFinished(const std::string& execution_arn, const std::string& parent_token) = 0;
  virtual void StopChild(const std::string& execution_arn) = 0;
};

class NestedExecutionIntegration final : public Integration {
 public:
  NestedExecutionIntegration(NestedExecutions* executions, ThreadPool* pool) : executions_(executions), pool_(pool) {}

  bool Handles(const ResourceInfo& resource) const override {
    return resource.kind == ResourceInfo::Kind::kService && !resource.sdk && resource.service == "states" &&
           resource.action == "startExecution";
  }
  void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) override;
  void Cancel(const TaskInvocation& invocation) override;

 private:
  NestedExecutions* executions_;
  ThreadPool* pool_;
};

}  // namespace sluice::states
