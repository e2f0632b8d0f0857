// The CloudWatch Logs API (AWS JSON 1.1, target prefix Logs_20140328) over the run-log store:
// log groups and streams, PutLogEvents, GetLogEvents and FilterLogEvents, so that
// `aws logs get-log-events` reads crawler and job logs.
//
// Thread safety: the service is immutable after construction; LogStore is thread-safe.
#pragma once

#include <memory>

#include "http/json_service.h"
#include "monitoring/log_store.h"

namespace sluice::monitoring {

// Builds the JSON service; `store` must outlive it.
std::unique_ptr<http::JsonService> MakeLogsService(LogStore* store);

}  // namespace sluice::monitoring
