// Run-log store over SQLite: see log_store.h.
#include "monitoring/log_store.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::monitoring {

namespace {

// Schema of logs.db; see docs/formats/metadata.md. Never edit a released migration.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
      CREATE TABLE log_groups (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE,
        creation_ms    INTEGER NOT NULL,
        retention_days INTEGER
      );
      CREATE TABLE log_streams (
        id                INTEGER PRIMARY KEY,
        group_id          INTEGER NOT NULL REFERENCES log_groups(id) ON DELETE CASCADE,
        name              TEXT NOT NULL,
        creation_ms       INTEGER NOT NULL,
        first_event_ms    INTEGER,
        last_event_ms     INTEGER,
        last_ingestion_ms INTEGER,
        stored_bytes      INTEGER NOT NULL DEFAULT 0,
        sequence          INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, name)
      );
      CREATE TABLE log_events (
        id           INTEGER PRIMARY KEY,
        stream_id    INTEGER NOT NULL REFERENCES log_streams(id) ON DELETE CASCADE,
        timestamp_ms INTEGER NOT NULL,
        ingestion_ms INTEGER NOT NULL,
        message      TEXT NOT NULL
      );
      CREATE INDEX log_events_by_stream_time ON log_events (stream_id, timestamp_ms, id);
    )sql"},
};

Result<int64_t> GroupId(meta::Transaction& txn, const std::string& group) {
  ASSIGN_OR_RETURN(auto id, txn.QueryInt("SELECT id FROM log_groups WHERE name = ?", group));
  if (!id) return NotFound("The specified log group does not exist.");
  return *id;
}

Result<int64_t> StreamId(meta::Transaction& txn, int64_t group_id, const std::string& stream) {
  ASSIGN_OR_RETURN(auto id, txn.QueryInt("SELECT id FROM log_streams WHERE group_id = ? AND name = ?", group_id, stream));
  if (!id) return NotFound("The specified log stream does not exist.");
  return *id;
}

// Position tokens: "<direction>/<timestamp>/<id>", direction f (forward) or b (backward).
struct Position {
  char direction = 'f';
  int64_t timestamp = 0;
  int64_t id = 0;
};

std::string EncodePosition(char direction, int64_t timestamp, int64_t id) {
  return fmt::format("{}/{:020}/{:020}", direction, timestamp, id);
}

std::optional<Position> DecodePosition(const std::string& token) {
  Position p;
  if (token.size() < 5 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/') return std::nullopt;
  p.direction = token[0];
  size_t slash = token.find('/', 2);
  if (slash == std::string::npos) return std::nullopt;
  try {
    size_t used = 0;
    p.timestamp = std::stoll(token.substr(2, slash - 2), &used);
    if (used != slash - 2) return std::nullopt;
    std::string id_text = token.substr(slash + 1);
    p.id = std::stoll(id_text, &used);
    if (used != id_text.size()) return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
  return p;
}

Status InsertEvents(meta::Transaction& txn, int64_t stream_id, const std::vector<LogEvent>& events, int64_t now_ms) {
  int64_t bytes = 0;
  std::optional<int64_t> first, last;
  for (const auto& event : events) {
    RETURN_IF_ERROR(txn.Exec(
        "INSERT INTO log_events (stream_id, timestamp_ms, ingestion_ms, message) VALUES (?, ?, ?, ?)", stream_id,
        event.timestamp_ms, now_ms, event.message));
    bytes += static_cast<int64_t>(event.message.size()) + 26;  // AWS counts message bytes plus 26 per event
    first = first ? std::min(*first, event.timestamp_ms) : event.timestamp_ms;
    last = last ? std::max(*last, event.timestamp_ms) : event.timestamp_ms;
  }
  if (events.empty()) return txn.Exec("UPDATE log_streams SET sequence = sequence + 1 WHERE id = ?", stream_id);
  return txn.Exec(
      "UPDATE log_streams SET stored_bytes = stored_bytes + ?, sequence = sequence + 1, "
      "first_event_ms = MIN(COALESCE(first_event_ms, ?), ?), last_event_ms = MAX(COALESCE(last_event_ms, ?), ?), "
      "last_ingestion_ms = ? WHERE id = ?",
      bytes, *first, *first, *last, *last, now_ms, stream_id);
}

}  // namespace

Result<std::unique_ptr<LogStore>> LogStore::Open(const std::string& path, const Clock* clock) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<LogStore>(new LogStore(std::move(db), clock));
}

Status LogStore::CreateGroup(const std::string& group) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto existing, txn.QueryInt("SELECT id FROM log_groups WHERE name = ?", group));
    if (existing) return AlreadyExists("The specified log group already exists");
    return txn.Exec("INSERT INTO log_groups (name, creation_ms) VALUES (?, ?)", group, clock_->NowMicros() / 1000);
  });
}

Status LogStore::DeleteGroup(const std::string& group) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t id, GroupId(txn, group));
    return txn.Exec("DELETE FROM log_groups WHERE id = ?", id);
  });
}

Status LogStore::CreateStream(const std::string& group, const std::string& stream) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, group));
    ASSIGN_OR_RETURN(auto existing,
                     txn.QueryInt("SELECT id FROM log_streams WHERE group_id = ? AND name = ?", group_id, stream));
    if (existing) return AlreadyExists("The specified log stream already exists");
    return txn.Exec("INSERT INTO log_streams (group_id, name, creation_ms) VALUES (?, ?, ?)", group_id, stream,
                    clock_->NowMicros() / 1000);
  });
}

Status LogStore::DeleteStream(const std::string& group, const std::string& stream) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, group));
    ASSIGN_OR_RETURN(int64_t stream_id, StreamId(txn, group_id, stream));
    return txn.Exec("DELETE FROM log_streams WHERE id = ?", stream_id);
  });
}

Status LogStore::SetRetention(const std::string& group, std::optional<int64_t> days) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t id, GroupId(txn, group));
    return txn.Exec("UPDATE log_groups SET retention_days = ? WHERE id = ?", days, id);
  });
}

Result<int64_t> LogStore::Put(const std::string& group, const std::string& stream, const std::vector<LogEvent>& events) {
  int64_t sequence = 0;
  RETURN_IF_ERROR(db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, group));
    ASSIGN_OR_RETURN(int64_t stream_id, StreamId(txn, group_id, stream));
    RETURN_IF_ERROR(InsertEvents(txn, stream_id, events, clock_->NowMicros() / 1000));
    ASSIGN_OR_RETURN(auto value, txn.QueryInt("SELECT sequence FROM log_streams WHERE id = ?", stream_id));
    sequence = value.value_or(0);
    return Status::Ok();
  }));
  return sequence;
}

Status LogStore::Append(const std::string& group, const std::string& stream, const std::vector<LogEvent>& events) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    int64_t now_ms = clock_->NowMicros() / 1000;
    ASSIGN_OR_RETURN(auto group_id, txn.QueryInt("SELECT id FROM log_groups WHERE name = ?", group));
    if (!group_id) {
      RETURN_IF_ERROR(txn.Exec("INSERT INTO log_groups (name, creation_ms) VALUES (?, ?)", group, now_ms));
      group_id = txn.last_insert_id();
    }
    ASSIGN_OR_RETURN(auto stream_id,
                     txn.QueryInt("SELECT id FROM log_streams WHERE group_id = ? AND name = ?", *group_id, stream));
    if (!stream_id) {
      RETURN_IF_ERROR(txn.Exec("INSERT INTO log_streams (group_id, name, creation_ms) VALUES (?, ?, ?)", *group_id,
                               stream, now_ms));
      stream_id = txn.last_insert_id();
    }
    return InsertEvents(txn, *stream_id, events, now_ms);
  });
}

Status LogStore::AppendLine(const std::string& group, const std::string& stream, const std::string& message) {
  return Append(group, stream, {LogEvent{clock_->NowMicros() / 1000, message}});
}

Result<Page<LogGroupInfo>> LogStore::DescribeGroups(const std::string& prefix, const std::optional<std::string>& token,
                                                    int limit) {
  Page<LogGroupInfo> page;
  std::string after = token.value_or("");
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(
        "SELECT g.name, g.creation_ms, g.retention_days, "
        "(SELECT COALESCE(SUM(stored_bytes), 0) FROM log_streams s WHERE s.group_id = g.id) "
        "FROM log_groups g WHERE g.name > ? AND substr(g.name, 1, ?) = ? ORDER BY g.name LIMIT ?",
        after, static_cast<int64_t>(prefix.size()), prefix, limit + 1);
    while (rows.Next()) {
      page.items.push_back({rows.Text(0), rows.Int(1), rows.Int(3), rows.OptionalInt(2)});
    }
    return rows.status();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_token = page.items.back().name;
  }
  return page;
}

Result<Page<LogStreamInfo>> LogStore::DescribeStreams(const std::string& group, const std::string& prefix,
                                                      bool order_by_last_event, bool descending,
                                                      const std::optional<std::string>& token, int limit) {
  Page<LogStreamInfo> page;
  int64_t offset = 0;
  if (token) {
    try {
      offset = std::stoll(*token);
    } catch (...) {
      return InvalidArgument("The specified nextToken is invalid.");
    }
  }
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, group));
    std::string order = order_by_last_event ? "COALESCE(last_event_ms, 0)" : "name";
    std::string sql = fmt::format(
        "SELECT name, creation_ms, first_event_ms, last_event_ms, last_ingestion_ms, stored_bytes, sequence "
        "FROM log_streams WHERE group_id = ? AND substr(name, 1, ?) = ? ORDER BY {} {}, name {} LIMIT ? OFFSET ?",
        order, descending ? "DESC" : "ASC", descending ? "DESC" : "ASC");
    auto rows = txn.Query(sql, group_id, static_cast<int64_t>(prefix.size()), prefix, limit + 1, offset);
    while (rows.Next()) {
      page.items.push_back({rows.Text(0), rows.Int(1), rows.OptionalInt(2), rows.OptionalInt(3), rows.OptionalInt(4),
                            rows.Int(5), rows.Int(6)});
    }
    return rows.status();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_token = std::to_string(offset + limit);
  }
  return page;
}

Result<EventsPage> LogStore::GetEvents(const GetEventsRequest& request) {
  std::optional<Position> position;
  if (request.token) {
    position = DecodePosition(*request.token);
    if (!position) return InvalidArgument("The specified nextToken is invalid.");
  }
  const int64_t start = request.start_ms.value_or(INT64_MIN);
  const int64_t end = request.end_ms.value_or(INT64_MAX);
  EventsPage page;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, request.group));
    ASSIGN_OR_RETURN(int64_t stream_id, StreamId(txn, group_id, request.stream));
    bool forward = position ? position->direction == 'f' : request.start_from_head;
    if (forward) {
      int64_t ts = position ? position->timestamp : INT64_MIN;
      int64_t id = position ? position->id : INT64_MIN;
      auto rows = txn.Query(
          "SELECT id, timestamp_ms, ingestion_ms, message FROM log_events WHERE stream_id = ? AND timestamp_ms >= ? "
          "AND timestamp_ms < ? AND (timestamp_ms > ? OR (timestamp_ms = ? AND id > ?)) "
          "ORDER BY timestamp_ms, id LIMIT ?",
          stream_id, start, end, ts, ts, id, request.limit);
      while (rows.Next()) page.events.push_back({rows.Int(1), rows.Text(3), rows.Int(2), "", rows.Int(0)});
      RETURN_IF_ERROR(rows.status());
    } else {
      int64_t ts = position ? position->timestamp : INT64_MAX;
      int64_t id = position ? position->id : INT64_MAX;
      auto rows = txn.Query(
          "SELECT id, timestamp_ms, ingestion_ms, message FROM log_events WHERE stream_id = ? AND timestamp_ms >= ? "
          "AND timestamp_ms < ? AND (timestamp_ms < ? OR (timestamp_ms = ? AND id < ?)) "
          "ORDER BY timestamp_ms DESC, id DESC LIMIT ?",
          stream_id, start, end, ts, ts, id, request.limit);
      while (rows.Next()) page.events.push_back({rows.Int(1), rows.Text(3), rows.Int(2), "", rows.Int(0)});
      RETURN_IF_ERROR(rows.status());
      std::reverse(page.events.begin(), page.events.end());
    }
    return Status::Ok();
  }));
  // Tokens: forward continues after the last event returned, backward before the first. With
  // nothing returned, the caller's own position (or the stream's end) is handed back, so a
  // forward poll keeps returning the same token until new events arrive.
  if (!page.events.empty()) {
    page.next_forward_token = EncodePosition('f', page.events.back().timestamp_ms, page.events.back().id);
    page.next_backward_token = EncodePosition('b', page.events.front().timestamp_ms, page.events.front().id);
  } else if (position) {
    page.next_forward_token = EncodePosition('f', position->timestamp, position->id);
    page.next_backward_token = EncodePosition('b', position->timestamp, position->id);
  } else {
    bool head = request.start_from_head;
    page.next_forward_token = EncodePosition('f', head ? INT64_MIN : std::max(start, INT64_MIN), head ? INT64_MIN : 0);
    page.next_backward_token = EncodePosition('b', INT64_MAX, INT64_MAX);
  }
  return page;
}

Result<Page<LogEvent>> LogStore::Filter(const FilterRequest& request) {
  int64_t after_id = 0;
  if (request.token) {
    try {
      after_id = std::stoll(*request.token);
    } catch (...) {
      return InvalidArgument("The specified nextToken is invalid.");
    }
  }
  Page<LogEvent> page;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(int64_t group_id, GroupId(txn, request.group));
    auto rows = txn.Query(
        "SELECT e.id, e.timestamp_ms, e.ingestion_ms, e.message, s.name FROM log_events e "
        "JOIN log_streams s ON s.id = e.stream_id WHERE s.group_id = ? AND e.id > ? AND e.timestamp_ms >= ? "
        "AND e.timestamp_ms < ? ORDER BY e.id",
        group_id, after_id, request.start_ms.value_or(INT64_MIN), request.end_ms.value_or(INT64_MAX));
    while (rows.Next()) {
      std::string stream = rows.Text(4);
      if (!request.streams.empty() &&
          std::find(request.streams.begin(), request.streams.end(), stream) == request.streams.end()) {
        continue;
      }
      if (request.stream_prefix && !stream.starts_with(*request.stream_prefix)) continue;
      std::string_view message = rows.View(3);
      if (!MatchesFilterPattern(request.pattern, message)) continue;
      if (static_cast<int>(page.items.size()) == request.limit) {
        page.next_token = std::to_string(page.items.back().id);
        break;
      }
      page.items.push_back({rows.Int(1), std::string(message), rows.Int(2), stream, rows.Int(0)});
    }
    return rows.status();
  }));
  return page;
}

bool MatchesFilterPattern(std::string_view pattern, std::string_view message) {
  std::vector<std::string> required, any, excluded;
  size_t i = 0;
  while (i < pattern.size()) {
    while (i < pattern.size() && pattern[i] == ' ') ++i;
    if (i >= pattern.size()) break;
    char mode = ' ';
    if (pattern[i] == '?' || pattern[i] == '-') mode = pattern[i++];
    std::string term;
    if (i < pattern.size() && pattern[i] == '"') {
      size_t close = pattern.find('"', i + 1);
      if (close == std::string_view::npos) close = pattern.size();
      term = std::string(pattern.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      size_t end = pattern.find(' ', i);
      if (end == std::string_view::npos) end = pattern.size();
      term = std::string(pattern.substr(i, end - i));
      i = end;
    }
    if (term.empty()) continue;
    (mode == '?' ? any : mode == '-' ? excluded : required).push_back(std::move(term));
  }
  for (const auto& term : required) {
    if (message.find(term) == std::string_view::npos) return false;
  }
  for (const auto& term : excluded) {
    if (message.find(term) != std::string_view::npos) return false;
  }
  if (any.empty()) return true;
  return std::any_of(any.begin(), any.end(), [&](const auto& term) { return message.find(term) != std::string_view::npos; });
}

}  // namespace sluice::monitoring
