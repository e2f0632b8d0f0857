// The shared body of the request/response integrations (aws-sdk:glue, aws-sdk:s3): on the I/O
// pool, report the task started, make one call, and report its response (or, for
// .waitForTaskToken, submit it and let the token bring the result) or its error named as
// `name_error` names it.
//
// Thread safety: thread-safe.
#pragma once

#include <functional>
#include <memory>

#include <boost/json/value.hpp>

#include "common/status.h"
#include "common/thread_pool.h"
#include "states/integrations/integration.h"
#include "states/integrations/service_errors.h"

namespace sluice::states {

using ServiceCall = std::function<Result<boost::json::value>(const TaskInvocation& invocation)>;
using ErrorNamer = std::function<ServiceError(const Status& status)>;

void RunServiceCall(ThreadPool& pool, TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks,
                    ServiceCall call, ErrorNamer name_error);

}  // namespace sluice::states
