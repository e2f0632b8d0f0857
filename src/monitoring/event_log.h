// The event log: notable things that happened (server started, crawl finished, job run failed,
// execution timed out), as JSON lines in DIR/logs/events.jsonl and a bounded in-memory window
// that /_sluice/events and the console read.
//
// Thread safety: thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/logging.h"

namespace sluice::monitoring {

struct Event {
  int64_t sequence = 0;
  int64_t time_micros = 0;
  std::string type;  // "crawler.finished", "job.run.failed", ...
  boost::json::object detail;
};

class EventLog {
 public:
  // `file` may be null (events kept in memory only). Keeps the last `window` events.
  explicit EventLog(std::unique_ptr<JsonLinesLog> file, size_t window = 2000);

  void Emit(std::string type, boost::json::object detail);
  // Events with sequence > after, oldest first, at most `limit`.
  std::vector<Event> Since(int64_t after, size_t limit) const;

 private:
  std::unique_ptr<JsonLinesLog> file_;
  const size_t window_;
  mutable std::mutex mutex_;
  std::deque<Event> recent_;  // guarded by mutex_
  int64_t next_sequence_ = 1;  // guarded by mutex_
};

}  // namespace sluice::monitoring
