// One history event as Sluice records it, and its rendering as GetExecutionHistory returns it:
//   {"timestamp": 1717000000.123, "type": "TaskScheduled", "id": 3, "previousEventId": 2,
//    "taskScheduledEventDetails": {...}}
// Details are kept as JSON text (the member name follows from the type), so recording an event
// costs one serialization. Format: docs/formats/execution-history.md.
//
// Thread safety: values; the functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace sluice::states {

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_id = 0;
  int64_t timestamp_micros = 0;
  std::string type;     // "ExecutionStarted", "PassStateEntered", ...
  std::string details;  // JSON object text; "{}" or "" when the event has none
};

// The details member for an event type: "taskScheduledEventDetails"; the *StateEntered and
// *StateExited types share "stateEnteredEventDetails" / "stateExitedEventDetails".
std::string DetailsMemberName(std::string_view type);

// The event as the API returns it. `include_data` false drops input/output payloads
// (GetExecutionHistory's includeExecutionData).
boost::json::object RenderEvent(const HistoryEvent& event, bool include_data);

}  // namespace sluice::states
