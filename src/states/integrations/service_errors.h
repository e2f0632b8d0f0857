// How errors from the services a task calls are named and described in Step Functions:
//   AWS SDK integrations: "<Service>.<Code>" with "Exception" appended when the code lacks it
//     (Glue.EntityNotFoundException, S3.NoSuchKeyException), cause
//     "<message> (Service: Glue, Status Code: 400, Request ID: <id>)";
//   optimized integrations (glue:startJobRun): "Glue.<Code>", cause
//     "<message> (Service: AWSGlue; Status Code: 400; Error Code: <code>; Request ID: <id>; Proxy: null)".
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::states {

struct ServiceError {
  std::string error;
  std::string cause;
};

// `service` as Step Functions spells it in error names ("Glue", "S3"); `status` a failure
// from the service (its aws_code and http_status when it has them).
ServiceError SdkServiceError(std::string_view service, const Status& status, std::string_view request_id);
ServiceError OptimizedServiceError(std::string_view service, std::string_view endpoint_name, const Status& status,
                                   std::string_view request_id);

// "getCrawler" → "GetCrawler".
std::string PascalCase(std::string_view action);

}  // namespace sluice::states
