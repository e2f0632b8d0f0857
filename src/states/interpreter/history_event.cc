// History events: see history_event.h.
#include "states/interpreter/history_event.h"

#include <cctype>

#include "common/json.h"

namespace sluice::states {

namespace json = boost::json;

std::string DetailsMemberName(std::string_view type) {
  if (type.ends_with("StateEntered")) return "stateEnteredEventDetails";
  if (type.ends_with("StateExited")) return "stateExitedEventDetails";
  std::string name(type);
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name + "EventDetails";
}

json::object RenderEvent(const HistoryEvent& event, bool include_data) {
  json::object out;
  out["timestamp"] = static_cast<double>(event.timestamp_micros) / 1e6;
  out["type"] = event.type;
  out["id"] = event.id;
  out["previousEventId"] = event.previous_id;
  bool always = event.type == "ExecutionAborted";  // AWS shows its (possibly empty) details
  if (!event.details.empty() && (always || event.details != "{}")) {
    auto parsed = ParseJson(event.details);
    if (parsed.ok() && parsed->is_object()) {
      json::object details = std::move(parsed->get_object());
      if (!include_data) {
        // Task parameters stay: the service model makes them a required member of
        // taskScheduledEventDetails, and SDKs with strict deserialisers refuse events without them.
        for (std::string_view key : {"input", "output"}) {
          if (details.erase(key) > 0) details[std::string(key) + "Details"] = json::object{{"truncated", false}};
        }
      }
      out[DetailsMemberName(event.type)] = std::move(details);
    }
  }
  return out;
}

}  // namespace sluice::states
