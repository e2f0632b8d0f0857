// Nested executions: see nested_execution_integration.h.
#include "states/integrations/nested_execution_integration.h"

#include "common/json.h"
#include "states/integrations/service_errors.h"

namespace sluice::states {

namespace json = boost::json;

void NestedExecutionIntegration::Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) {
  pool_->Submit([this, invocation = std::move(invocation), callbacks]() {
    if (callbacks->cancelled()) return;
    bool sync = invocation.resource.pattern == IntegrationPattern::kSync;
    std::string token = sync ? (invocation.resource.sync_v2 ? "2:" : "1:") + invocation.task_token : "";
    if (sync && invocation.handle.is_object()) {
      // Restarted while waiting for the child: it reports to the same token when it ends.
      if (auto arn = GetString(invocation.handle.get_object(), "ExecutionArn")) {
        executions_->ReportIfFinished(std::string(*arn), token);
        return;
      }
    }
    callbacks->Started("");
    json::object parameters = invocation.parameters.is_object() ? invocation.parameters.get_object() : json::object();
    auto started = executions_->StartChild(parameters, token);
    if (!started.ok()) {
      ServiceError error = SdkServiceError("StepFunctions", started.status(), "");
      callbacks->Failed(std::move(error.error), started.status().message());
      return;
    }
    if (invocation.resource.pattern == IntegrationPattern::kRequestResponse) {
      callbacks->Succeeded(std::move(*started));
    } else {
      callbacks->Submitted(std::move(*started));
    }
  });
}

void NestedExecutionIntegration::Cancel(const TaskInvocation& invocation) {
  if (invocation.resource.pattern != IntegrationPattern::kSync || !invocation.handle.is_object()) return;
  if (auto arn = GetString(invocation.handle.get_object(), "ExecutionArn")) {
    std::string child(*arn);
    pool_->Submit([this, child] { executions_->StopChild(child); });
  }
}

}  // namespace sluice::states
