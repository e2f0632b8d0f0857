// Step Functions metadata store: see execution_store.h. Schema: docs/formats/execution-history.md.
#include "states/interpreter/execution_store.h"

#include <array>

namespace sluice::states {

namespace {

// Numbered schema changes; never edit one once committed, add a new one.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE state_machines (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  revision_id TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  logging TEXT NOT NULL DEFAULT '',
  tracing TEXT NOT NULL DEFAULT '',
  encryption TEXT NOT NULL DEFAULT '',
  created_micros INTEGER NOT NULL,
  updated_micros INTEGER NOT NULL
);
CREATE TABLE state_machine_versions (
  arn TEXT PRIMARY KEY,
  machine_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  logging TEXT NOT NULL DEFAULT '',
  tracing TEXT NOT NULL DEFAULT '',
  created_micros INTEGER NOT NULL
);
CREATE INDEX state_machine_versions_by_machine ON state_machine_versions(machine_arn, version);
CREATE TABLE state_machine_aliases (
  arn TEXT PRIMARY KEY,
  machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  routing TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  updated_micros INTEGER NOT NULL
);
CREATE INDEX state_machine_aliases_by_machine ON state_machine_aliases(machine_arn);
CREATE TABLE activities (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_micros INTEGER NOT NULL
);
CREATE TABLE tags (
  arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (arn, key)
) WITHOUT ROWID;
CREATE TABLE executions (
  id INTEGER PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  machine_arn TEXT NOT NULL,
  version_arn TEXT NOT NULL DEFAULT '',
  alias_arn TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  start_micros INTEGER NOT NULL,
  stop_micros INTEGER,
  redrive_count INTEGER NOT NULL DEFAULT 0,
  redrive_micros INTEGER,
  next_event_id INTEGER NOT NULL DEFAULT 1,
  trace_header TEXT NOT NULL DEFAULT '',
  parent_token TEXT NOT NULL DEFAULT '',
  map_run_arn TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX executions_by_name ON executions(machine_arn, name);
CREATE INDEX executions_by_machine ON executions(machine_arn, id);
CREATE INDEX executions_running ON executions(status) WHERE status = 'RUNNING';
CREATE TABLE events (
  execution_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  timestamp_micros INTEGER NOT NULL,
  type TEXT NOT NULL,
  details TEXT NOT NULL,
  PRIMARY KEY (execution_id, id)
) WITHOUT ROWID;
CREATE TABLE frames (
  execution_id INTEGER NOT NULL,
  frame_id INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  PRIMARY KEY (execution_id, frame_id)
) WITHOUT ROWID;
)sql"},
};

constexpr std::array<std::pair<ExecutionStatus, std::string_view>, 6> kStatusNames = {{
    {ExecutionStatus::kRunning, "RUNNING"},
    {ExecutionStatus::kSucceeded, "SUCCEEDED"},
    {ExecutionStatus::kFailed, "FAILED"},
    {ExecutionStatus::kTimedOut, "TIMED_OUT"},
    {ExecutionStatus::kAborted, "ABORTED"},
    {ExecutionStatus::kPendingRedrive, "PENDING_REDRIVE"},
}};

constexpr std::string_view kMachineColumns =
    "arn, name, type, definition, role_arn, revision_id, description, logging, tracing, encryption, created_micros, "
    "updated_micros";

StateMachineRow ReadMachine(const meta::Cursor& rows) {
  StateMachineRow row;
  row.arn = rows.Text(0);
  row.name = rows.Text(1);
  row.type = rows.Text(2);
  row.definition = rows.Text(3);
  row.role_arn = rows.Text(4);
  row.revision_id = rows.Text(5);
  row.description = rows.Text(6);
  row.logging_json = rows.Text(7);
  row.tracing_json = rows.Text(8);
  row.encryption_json = rows.Text(9);
  row.created_micros = rows.Int(10);
  row.updated_micros = rows.Int(11);
  return row;
}

constexpr std::string_view kVersionColumns =
    "arn, machine_arn, version, definition, role_arn, revision_id, description, type, logging, tracing, created_micros";

VersionRow ReadVersion(const meta::Cursor& rows) {
  VersionRow row;
  row.arn = rows.Text(0);
  row.machine_arn = rows.Text(1);
  row.version = rows.Int(2);
  row.definition = rows.Text(3);
  row.role_arn = rows.Text(4);
  row.revision_id = rows.Text(5);
  row.description = rows.Text(6);
  row.type = rows.Text(7);
  row.logging_json = rows.Text(8);
  row.tracing_json = rows.Text(9);
  row.created_micros = rows.Int(10);
  return row;
}

constexpr std::string_view kAliasColumns = "arn, machine_arn, name, description, routing, created_micros, updated_micros";

AliasRow ReadAlias(const meta::Cursor& rows) {
  AliasRow row;
  row.arn = rows.Text(0);
  row.machine_arn = rows.Text(1);
  row.name = rows.Text(2);
  row.description = rows.Text(3);
  row.routing_json = rows.Text(4);
  row.created_micros = rows.Int(5);
  row.updated_micros = rows.Int(6);
  return row;
}

constexpr std::string_view kExecutionColumns =
    "id, arn, machine_arn, version_arn, alias_arn, name, status, definition, role_arn, input, output, error, cause, "
    "start_micros, stop_micros, redrive_count, redrive_micros, next_event_id, trace_header, parent_token, map_run_arn";

ExecutionRow ReadExecution(const meta::Cursor& rows) {
  ExecutionRow row;
  row.id = rows.Int(0);
  row.arn = rows.Text(1);
  row.machine_arn = rows.Text(2);
  row.version_arn = rows.Text(3);
  row.alias_arn = rows.Text(4);
  row.name = rows.Text(5);
  row.status = ExecutionStatusFromName(rows.View(6)).value_or(ExecutionStatus::kFailed);
  row.definition = rows.Text(7);
  row.role_arn = rows.Text(8);
  row.input = rows.Text(9);
  row.output = rows.OptionalText(10);
  row.error = rows.OptionalText(11);
  row.cause = rows.OptionalText(12);
  row.start_micros = rows.Int(13);
  row.stop_micros = rows.OptionalInt(14);
  row.redrive_count = rows.Int(15);
  row.redrive_micros = rows.OptionalInt(16);
  row.next_event_id = rows.Int(17);
  row.trace_header = rows.Text(18);
  row.parent_token = rows.Text(19);
  row.map_run_arn = rows.Text(20);
  return row;
}

template <typename Row, typename Reader, typename... Args>
Result<std::vector<Row>> QueryRows(meta::Database& db, std::string sql, Reader read, const Args&... args) {
  std::vector<Row> out;
  RETURN_IF_ERROR(db.Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(sql, args...);
    while (rows.Next()) out.push_back(read(rows));
    return rows.status();
  }));
  return out;
}

template <typename Row, typename Reader, typename... Args>
Result<std::optional<Row>> QueryOne(meta::Database& db, std::string sql, Reader read, const Args&... args) {
  ASSIGN_OR_RETURN(auto rows, QueryRows<Row>(db, std::move(sql), read, args...));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace

std::string_view ExecutionStatusName(ExecutionStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "FAILED";
}

std::optional<ExecutionStatus> ExecutionStatusFromName(std::string_view name) {
  for (const auto& [value, text] : kStatusNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

Result<std::unique_ptr<ExecutionStore>> ExecutionStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<ExecutionStore>(new ExecutionStore(std::move(db)));
}

// --- state machines ---

Status ExecutionStore::InsertStateMachine(const StateMachineRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec(
        "INSERT INTO state_machines (arn, name, type, definition, role_arn, revision_id, description, logging, "
        "tracing, encryption, created_micros, updated_micros) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        row.arn, row.name, row.type, row.definition, row.role_arn, row.revision_id, row.description, row.logging_json,
        row.tracing_json, row.encryption_json, row.created_micros, row.updated_micros);
  });
}

Result<std::optional<StateMachineRow>> ExecutionStore::GetStateMachine(const std::string& arn) {
  return QueryOne<StateMachineRow>(*db_, "SELECT " + std::string(kMachineColumns) + " FROM state_machines WHERE arn = ?",
                                   ReadMachine, arn);
}

Status ExecutionStore::UpdateStateMachine(const StateMachineRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec(
        "UPDATE state_machines SET definition = ?, role_arn = ?, revision_id = ?, description = ?, logging = ?, "
        "tracing = ?, encryption = ?, updated_micros = ? WHERE arn = ?",
        row.definition, row.role_arn, row.revision_id, row.description, row.logging_json, row.tracing_json,
        row.encryption_json, row.updated_micros, row.arn);
  });
}

Status ExecutionStore::DeleteStateMachine(const std::string& arn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM state_machines WHERE arn = ?", arn));
    RETURN_IF_ERROR(txn.Exec(
        "DELETE FROM tags WHERE arn IN (SELECT arn FROM state_machine_versions WHERE machine_arn = ? UNION "
        "SELECT arn FROM state_machine_aliases WHERE machine_arn = ?) OR arn = ?",
        arn, arn, arn));
    RETURN_IF_ERROR(txn.Exec("DELETE FROM state_machine_versions WHERE machine_arn = ?", arn));
    return txn.Exec("DELETE FROM state_machine_aliases WHERE machine_arn = ?", arn);
  });
}

Result<std::vector<StateMachineRow>> ExecutionStore::ListStateMachines(const std::string& after_name, size_t limit) {
  return QueryRows<StateMachineRow>(
      *db_, "SELECT " + std::string(kMachineColumns) + " FROM state_machines WHERE name > ? ORDER BY name LIMIT ?",
      ReadMachine, after_name, static_cast<int64_t>(limit));
}

Status ExecutionStore::InsertVersion(const VersionRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec(
        "INSERT INTO state_machine_versions (arn, machine_arn, version, definition, role_arn, revision_id, "
        "description, type, logging, tracing, created_micros) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        row.arn, row.machine_arn, row.version, row.definition, row.role_arn, row.revision_id, row.description,
        row.type, row.logging_json, row.tracing_json, row.created_micros);
  });
}

Result<std::optional<VersionRow>> ExecutionStore::GetVersion(const std::string& arn) {
  return QueryOne<VersionRow>(
      *db_, "SELECT " + std::string(kVersionColumns) + " FROM state_machine_versions WHERE arn = ?", ReadVersion, arn);
}

Result<std::vector<VersionRow>> ExecutionStore::ListVersions(const std::string& machine_arn, int64_t before_version,
                                                             size_t limit) {
  return QueryRows<VersionRow>(*db_,
                               "SELECT " + std::string(kVersionColumns) +
                                   " FROM state_machine_versions WHERE machine_arn = ? AND (? = 0 OR version < ?) "
                                   "ORDER BY version DESC LIMIT ?",
                               ReadVersion, machine_arn, before_version, before_version, static_cast<int64_t>(limit));
}

Result<int64_t> ExecutionStore::LatestVersion(const std::string& machine_arn) {
  int64_t latest = 0;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto value,
                     txn.QueryInt("SELECT MAX(version) FROM state_machine_versions WHERE machine_arn = ?", machine_arn));
    latest = value.value_or(0);
    return Status::Ok();
  }));
  return latest;
}

Status ExecutionStore::DeleteVersion(const std::string& arn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM tags WHERE arn = ?", arn));
    return txn.Exec("DELETE FROM state_machine_versions WHERE arn = ?", arn);
  });
}

Status ExecutionStore::InsertAlias(const AliasRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec(
        "INSERT INTO state_machine_aliases (arn, machine_arn, name, description, routing, created_micros, "
        "updated_micros) VALUES (?,?,?,?,?,?,?)",
        row.arn, row.machine_arn, row.name, row.description, row.routing_json, row.created_micros, row.updated_micros);
  });
}

Result<std::optional<AliasRow>> ExecutionStore::GetAlias(const std::string& arn) {
  return QueryOne<AliasRow>(*db_, "SELECT " + std::string(kAliasColumns) + " FROM state_machine_aliases WHERE arn = ?",
                            ReadAlias, arn);
}

Status ExecutionStore::UpdateAlias(const AliasRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec("UPDATE state_machine_aliases SET description = ?, routing = ?, updated_micros = ? WHERE arn = ?",
                    row.description, row.routing_json, row.updated_micros, row.arn);
  });
}

Status ExecutionStore::DeleteAlias(const std::string& arn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM tags WHERE arn = ?", arn));
    return txn.Exec("DELETE FROM state_machine_aliases WHERE arn = ?", arn);
  });
}

Result<std::vector<AliasRow>> ExecutionStore::ListAliases(const std::string& machine_arn) {
  return QueryRows<AliasRow>(
      *db_,
      "SELECT " + std::string(kAliasColumns) + " FROM state_machine_aliases WHERE machine_arn = ? ORDER BY name",
      ReadAlias, machine_arn);
}

// --- activities ---

Status ExecutionStore::InsertActivity(const ActivityRow& row) {
  return db_->Write([&](meta::Transaction& txn) {
    return txn.Exec("INSERT INTO activities (arn, name, created_micros) VALUES (?,?,?)", row.arn, row.name,
                    row.created_micros);
  });
}

Result<std::optional<ActivityRow>> ExecutionStore::GetActivity(const std::string& arn) {
  return QueryOne<ActivityRow>(
      *db_, "SELECT arn, name, created_micros FROM activities WHERE arn = ?",
      [](const meta::Cursor& rows) { return ActivityRow{rows.Text(0), rows.Text(1), rows.Int(2)}; }, arn);
}

Status ExecutionStore::DeleteActivity(const std::string& arn) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM tags WHERE arn = ?", arn));
    return txn.Exec("DELETE FROM activities WHERE arn = ?", arn);
  });
}

Result<std::vector<ActivityRow>> ExecutionStore::ListActivities(const std::string& after_name, size_t limit) {
  return QueryRows<ActivityRow>(
      *db_, "SELECT arn, name, created_micros FROM activities WHERE name > ? ORDER BY name LIMIT ?",
      [](const meta::Cursor& rows) { return ActivityRow{rows.Text(0), rows.Text(1), rows.Int(2)}; }, after_name,
      static_cast<int64_t>(limit));
}

// --- tags ---

Status ExecutionStore::SetTags(const std::string& arn, const std::vector<std::pair<std::string, std::string>>& tags) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    for (const auto& [key, value] : tags) {
      RETURN_IF_ERROR(txn.Exec("INSERT OR REPLACE INTO tags (arn, key, value) VALUES (?,?,?)", arn, key, value));
    }
    return Status::Ok();
  });
}

Status ExecutionStore::RemoveTags(const std::string& arn, const std::vector<std::string>& keys) {
  return db_->Write([&](meta::Transaction& txn) -> Status {
    for (const auto& key : keys) RETURN_IF_ERROR(txn.Exec("DELETE FROM tags WHERE arn = ? AND key = ?", arn, key));
    return Status::Ok();
  });
}

Result<std::vector<std::pair<std::string, std::string>>> ExecutionStore::GetTags(const std::string& arn) {
  return QueryRows<std::pair<std::string, std::string>>(
      *db_, "SELECT key, value FROM tags WHERE arn = ? ORDER BY key",
      [](const meta::Cursor& rows) { return std::pair<std::string, std::string>(rows.Text(0), rows.Text(1)); }, arn);
}

// --- executions ---

Result<std::optional<ExecutionRow>> ExecutionStore::GetExecution(const std::string& arn) {
  return QueryOne<ExecutionRow>(*db_, "SELECT " + std::string(kExecutionColumns) + " FROM executions WHERE arn = ?",
                                ReadExecution, arn);
}

Result<std::optional<ExecutionRow>> ExecutionStore::GetExecutionByName(const std::string& machine_arn,
                                                                       const std::string& name) {
  return QueryOne<ExecutionRow>(
      *db_, "SELECT " + std::string(kExecutionColumns) + " FROM executions WHERE machine_arn = ? AND name = ?",
      ReadExecution, machine_arn, name);
}

Result<std::vector<ExecutionRow>> ExecutionStore::ListExecutions(const ExecutionFilter& filter) {
  std::string sql = "SELECT " + std::string(kExecutionColumns) +
                    " FROM executions WHERE (? = '' OR machine_arn = ?) AND (? = '' OR version_arn = ?) AND "
                    "(? = '' OR map_run_arn = ?) AND (? = '' OR status = ?) AND (? = 0 OR id < ?) AND "
                    "(? < 0 OR (? = 1) = (redrive_count > 0)) ORDER BY id DESC LIMIT ?";
  std::string status(filter.status ? ExecutionStatusName(*filter.status) : "");
  int64_t redriven = filter.redriven ? (*filter.redriven ? 1 : 0) : -1;
  return QueryRows<ExecutionRow>(*db_, sql, ReadExecution, filter.machine_arn, filter.machine_arn, filter.version_arn,
                                 filter.version_arn, filter.map_run_arn, filter.map_run_arn, status, status,
                                 filter.before_id, filter.before_id, redriven, redriven,
                                 static_cast<int64_t>(filter.limit));
}

Result<std::vector<HistoryEvent>> ExecutionStore::GetEvents(int64_t execution_id, bool reverse, int64_t from_id,
                                                            size_t limit) {
  auto read = [](const meta::Cursor& rows) {
    return HistoryEvent{rows.Int(0), rows.Int(1), rows.Int(2), rows.Text(3), rows.Text(4)};
  };
  if (reverse) {
    return QueryRows<HistoryEvent>(*db_,
                                   "SELECT id, previous_id, timestamp_micros, type, details FROM events WHERE "
                                   "execution_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                                   read, execution_id, from_id, from_id, static_cast<int64_t>(limit));
  }
  return QueryRows<HistoryEvent>(*db_,
                                 "SELECT id, previous_id, timestamp_micros, type, details FROM events WHERE "
                                 "execution_id = ? AND id > ? ORDER BY id LIMIT ?",
                                 read, execution_id, from_id, static_cast<int64_t>(limit));
}

Result<std::vector<ExecutionRow>> ExecutionStore::RunningExecutions() {
  return QueryRows<ExecutionRow>(
      *db_, "SELECT " + std::string(kExecutionColumns) + " FROM executions WHERE status = 'RUNNING' ORDER BY id",
      ReadExecution);
}

Result<std::vector<std::pair<uint32_t, std::string>>> ExecutionStore::Frames(int64_t execution_id) {
  return QueryRows<std::pair<uint32_t, std::string>>(
      *db_, "SELECT frame_id, snapshot FROM frames WHERE execution_id = ? ORDER BY frame_id",
      [](const meta::Cursor& rows) {
        return std::pair<uint32_t, std::string>(static_cast<uint32_t>(rows.Int(0)), rows.Text(1));
      },
      execution_id);
}

Result<int64_t> ExecutionStore::MaxExecutionId() {
  int64_t max = 0;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto value, txn.QueryInt("SELECT MAX(id) FROM executions"));
    max = value.value_or(0);
    return Status::Ok();
  }));
  return max;
}

}  // namespace sluice::states
