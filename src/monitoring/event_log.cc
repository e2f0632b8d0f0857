// Event log: see event_log.h.
#include "monitoring/event_log.h"

#include "common/clock.h"

namespace sluice::monitoring {

EventLog::EventLog(std::unique_ptr<JsonLinesLog> file, size_t window) : file_(std::move(file)), window_(window) {}

void EventLog::Emit(std::string type, boost::json::object detail) {
  Event event;
  event.time_micros = NowMicros();
  event.type = std::move(type);
  event.detail = std::move(detail);
  {
    std::lock_guard lock(mutex_);
    event.sequence = next_sequence_++;
    recent_.push_back(event);
    while (recent_.size() > window_) recent_.pop_front();
  }
  if (file_) {
    boost::json::object record;
    record["sequence"] = event.sequence;
    record["type"] = event.type;
    record["detail"] = event.detail;
    file_->Write(record);
  }
}

std::vector<Event> EventLog::Since(int64_t after, size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<Event> out;
  for (const auto& event : recent_) {
    if (event.sequence <= after) continue;
    if (out.size() >= limit) break;
    out.push_back(event);
  }
  return out;
}

}  // namespace sluice::monitoring
