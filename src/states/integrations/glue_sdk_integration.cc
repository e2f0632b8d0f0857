// Glue SDK integration: see glue_sdk_integration.h.
#include "states/integrations/glue_sdk_integration.h"

#include "common/ids.h"
#include "states/integrations/request_response.h"

namespace sluice::states {

namespace json = boost::json;

void GlueSdkIntegration::Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) {
  auto request_id = std::make_shared<std::string>(NewUuid());
  const http::JsonService* glue = glue_;
  RunServiceCall(
      *pool_, std::move(invocation), std::move(callbacks),
      [glue, request_id](const TaskInvocation& call) {
        http::CallContext context{*request_id, call.account_id, call.region, ""};
        json::object request = call.parameters.is_object() ? call.parameters.get_object() : json::object();
        return glue->Call(PascalCase(call.resource.action), request, context);
      },
      [request_id](const Status& status) { return SdkServiceError("Glue", status, *request_id); });
}

}  // namespace sluice::states
