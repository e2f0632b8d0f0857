// Sluice's own HTTP endpoints under /_sluice/: health, metrics (Prometheus text) and recent
// events (JSON).
//
// Thread safety: the handlers are thread-safe.
#pragma once

#include <string>

#include "common/metrics.h"
#include "http/router.h"
#include "monitoring/event_log.h"

namespace sluice::monitoring {

// Registers /_sluice/health, /_sluice/metrics and /_sluice/events on `router`. The pointers
// must outlive the router.
void RegisterEndpoints(http::Router& router, MetricsRegistry* metrics, EventLog* events, std::string version);

}  // namespace sluice::monitoring
