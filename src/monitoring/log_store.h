// The run-log store: log groups, streams and events, as CloudWatch Logs models them, kept in
// DIR/meta/logs.db. Crawlers and jobs append their run logs here; the CloudWatch Logs API
// (logs_api.h) and the console read them.
//
// Event order within a stream is (timestamp, arrival). Page tokens encode a position in that
// order, so they stay valid while new events arrive.
//
// Thread safety: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "meta/database.h"

namespace sluice::monitoring {

struct LogEvent {
  int64_t timestamp_ms = 0;
  std::string message;
  int64_t ingestion_ms = 0;  // filled by the store
  std::string stream;        // filled on reads across streams
  int64_t id = 0;            // filled by the store
};

struct LogGroupInfo {
  std::string name;
  int64_t creation_ms = 0;
  int64_t stored_bytes = 0;
  std::optional<int64_t> retention_days;
};

struct LogStreamInfo {
  std::string name;
  int64_t creation_ms = 0;
  std::optional<int64_t> first_event_ms;
  std::optional<int64_t> last_event_ms;
  std::optional<int64_t> last_ingestion_ms;
  int64_t stored_bytes = 0;
  int64_t sequence = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

struct EventsPage {
  std::vector<LogEvent> events;
  std::string next_forward_token;
  std::string next_backward_token;
};

struct GetEventsRequest {
  std::string group;
  std::string stream;
  std::optional<int64_t> start_ms;  // inclusive
  std::optional<int64_t> end_ms;    // exclusive
  std::optional<std::string> token;
  int limit = 10000;
  bool start_from_head = false;
};

struct FilterRequest {
  std::string group;
  std::vector<std::string> streams;  // empty: all
  std::optional<std::string> stream_prefix;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::string pattern;  // CloudWatch Logs filter pattern (terms, "phrases", ?any, -exclude)
  std::optional<std::string> token;
  int limit = 10000;
};

class LogStore {
 public:
  static Result<std::unique_ptr<LogStore>> Open(const std::string& path, const Clock* clock);

  // AlreadyExists / NotFound as CloudWatch Logs reports them (the API maps the codes).
  Status CreateGroup(const std::string& group);
  Status DeleteGroup(const std::string& group);
  Status CreateStream(const std::string& group, const std::string& stream);
  Status DeleteStream(const std::string& group, const std::string& stream);
  Status SetRetention(const std::string& group, std::optional<int64_t> days);

  // Appends events; the group and stream must exist. Returns the new sequence number.
  Result<int64_t> Put(const std::string& group, const std::string& stream, const std::vector<LogEvent>& events);
  // Appends events from Sluice itself, creating the group and stream when missing.
  Status Append(const std::string& group, const std::string& stream, const std::vector<LogEvent>& events);
  // Appends one line stamped with the current time.
  Status AppendLine(const std::string& group, const std::string& stream, const std::string& message);

  Result<Page<LogGroupInfo>> DescribeGroups(const std::string& prefix, const std::optional<std::string>& token,
                                            int limit);
  Result<Page<LogStreamInfo>> DescribeStreams(const std::string& group, const std::string& prefix,
                                              bool order_by_last_event, bool descending,
                                              const std::optional<std::string>& token, int limit);
  Result<EventsPage> GetEvents(const GetEventsRequest& request);
  Result<Page<LogEvent>> Filter(const FilterRequest& request);

 private:
  LogStore(std::unique_ptr<meta::Database> db, const Clock* clock) : db_(std::move(db)), clock_(clock) {}

  std::unique_ptr<meta::Database> db_;
  const Clock* clock_;
};

// True when `message` matches a CloudWatch Logs text filter pattern: every plain term and
// "quoted phrase" appears, at least one ?term appears (when any are given), and no -term does.
// An empty pattern matches everything.
bool MatchesFilterPattern(std::string_view pattern, std::string_view message);

}  // namespace sluice::monitoring
