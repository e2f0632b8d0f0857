// /_sluice/ endpoints: see endpoints.h.
#include "monitoring/endpoints.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/clock.h"
#include "common/json.h"

namespace sluice::monitoring {

void RegisterEndpoints(http::Router& router, MetricsRegistry* metrics, EventLog* events, std::string version) {
  const int64_t started = MonotonicMicros();
  router.AddInternalRoute("/health", [started, version](http::Request&) {
    boost::json::object body;
    body["status"] = "ok";
    body["version"] = version;
    body["uptime_seconds"] = static_cast<double>(MonotonicMicros() - started) / 1e6;
    return http::TextResponse(200, "application/json", ToJson(body));
  });
  router.AddInternalRoute("/metrics", [metrics](http::Request&) {
    return http::TextResponse(200, "text/plain; version=0.0.4; charset=utf-8", metrics->RenderPrometheus());
  });
  router.AddInternalRoute("/events", [events](http::Request& request) {
    int64_t after = 0;
    if (auto value = request.query.Get("after")) {
      try {
        after = std::stoll(std::string(*value));
      } catch (...) {
        return http::TextResponse(400, "application/json", R"({"error":"after must be an integer"})");
      }
    }
    boost::json::array list;
    for (const auto& event : events->Since(after, 500)) {
      boost::json::object item;
      item["sequence"] = event.sequence;
      item["time"] = FormatIso8601(event.time_micros);
      item["type"] = event.type;
      item["detail"] = event.detail;
      list.push_back(std::move(item));
    }
    return http::TextResponse(200, "application/json", ToJson(list));
  });
}

}  // namespace sluice::monitoring
