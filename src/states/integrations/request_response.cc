// Request/response integrations: see request_response.h.
#include "states/integrations/request_response.h"

namespace sluice::states {

void RunServiceCall(ThreadPool& pool, TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks,
                    ServiceCall call, ErrorNamer name_error) {
  pool.Submit([invocation = std::move(invocation), callbacks = std::move(callbacks), call = std::move(call),
               name_error = std::move(name_error)]() {
    if (callbacks->cancelled()) return;
    callbacks->Started("");
    auto response = call(invocation);
    if (!response.ok()) {
      ServiceError error = name_error(response.status());
      callbacks->Failed(std::move(error.error), std::move(error.cause));
      return;
    }
    if (invocation.resource.pattern == IntegrationPattern::kCallback) {
      callbacks->Submitted(std::move(*response));  // the result comes with the task token
      return;
    }
    callbacks->Succeeded(std::move(*response));
  });
}

}  // namespace sluice::states
