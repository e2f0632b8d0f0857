// S3 integration: see s3_integration.h.
#include "states/integrations/s3_integration.h"

#include "common/ids.h"
#include "states/integrations/request_response.h"

namespace sluice::states {

namespace json = boost::json;

void S3Integration::Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) {
  S3Client* client = client_;
  RunServiceCall(
      *pool_, std::move(invocation), std::move(callbacks),
      [client](const TaskInvocation& call) {
        json::object request = call.parameters.is_object() ? call.parameters.get_object() : json::object();
        return client->Call(call.resource.action, request);
      },
      [](const Status& status) { return SdkServiceError("S3", status, NewRequestId()); });
}

}  // namespace sluice::states
