// Retry and Catch: the error handlers of Task, Parallel and Map states.
//
//   "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 3, "MaxAttempts": 2,
//              "BackoffRate": 1.5, "MaxDelaySeconds": 10, "JitterStrategy": "FULL"}]
//   "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}]
//
// Thread safety: immutable after parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "states/asl/diagnostics.h"
#include "states/asl/payload_template.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

class State;

struct Retrier {
  std::vector<std::string> error_equals;
  int64_t interval_seconds = 1;
  int64_t max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<int64_t> max_delay_seconds;
  bool full_jitter = false;

  bool Matches(std::string_view error, bool heartbeat) const;
  // Seconds to wait before attempt number `retry` (0 for the first retry), before jitter.
  double DelaySeconds(int64_t retry) const;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next_name;
  const State* next = nullptr;      // resolved when the definition is linked
  std::optional<JsonPath> result_path;  // absent: "$"
  bool discard_result = false;          // "ResultPath": null
  std::optional<PayloadTemplate> assign;

  bool Matches(std::string_view error, bool heartbeat) const;
};

// Parse "Retry" / "Catch" arrays at `location` ("/States/A/Retry").
std::vector<Retrier> ParseRetriers(const boost::json::value& spec, const std::string& location,
                                   Diagnostics& diagnostics);
std::vector<Catcher> ParseCatchers(const boost::json::value& spec, const std::string& location,
                                   Diagnostics& diagnostics);

}  // namespace sluice::states
