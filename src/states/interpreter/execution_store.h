// Step Functions metadata in DIR/meta/states.db: state machines (with versions and aliases),
// activities, tags, executions, their history events and frame snapshots. The schema and the
// meaning of every column are in docs/formats/execution-history.md.
//
// Writes of running executions go through JournalWriter (group commit); this class offers the
// rest: resource CRUD for the API, reads for Describe/List/GetExecutionHistory, and the load of
// running executions at startup.
//
// Thread safety: thread-safe (meta::Database serialises writers; reads use snapshots).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "meta/database.h"
#include "states/interpreter/history_event.h"

namespace sluice::states {

// Persisted by name; never rename.
enum class ExecutionStatus : uint8_t { kRunning, kSucceeded, kFailed, kTimedOut, kAborted, kPendingRedrive };
std::string_view ExecutionStatusName(ExecutionStatus status);
std::optional<ExecutionStatus> ExecutionStatusFromName(std::string_view name);

struct StateMachineRow {
  std::string arn;
  std::string name;
  std::string type = "STANDARD";  // STANDARD | EXPRESS
  std::string definition;
  std::string role_arn;
  std::string revision_id;        // empty until the first update
  std::string description;
  std::string logging_json;       // loggingConfiguration as given (JSON text)
  std::string tracing_json;
  std::string encryption_json;
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
};

struct VersionRow {
  std::string arn;          // <machine arn>:<version>
  std::string machine_arn;
  int64_t version = 0;
  std::string definition;
  std::string role_arn;
  std::string revision_id;
  std::string description;
  std::string type;
  std::string logging_json;
  std::string tracing_json;
  int64_t created_micros = 0;
};

struct AliasRow {
  std::string arn;  // <machine arn>:<alias>
  std::string machine_arn;
  std::string name;
  std::string description;
  std::string routing_json;  // [{"stateMachineVersionArn", "weight"}]
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
};

struct ActivityRow {
  std::string arn;
  std::string name;
  int64_t created_micros = 0;
};

struct ExecutionRow {
  int64_t id = 0;
  std::string arn;
  std::string machine_arn;   // the state machine (never a version or alias ARN)
  std::string version_arn;   // when started through a version or alias
  std::string alias_arn;
  std::string name;
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::string definition;    // the definition this execution runs
  std::string role_arn;
  std::string input;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  int64_t start_micros = 0;
  std::optional<int64_t> stop_micros;
  int64_t redrive_count = 0;
  std::optional<int64_t> redrive_micros;
  int64_t next_event_id = 1;
  std::string trace_header;
  std::string parent_token;  // a nested execution started by states:startExecution.sync
  std::string map_run_arn;
};

// What a journal batch changes in an execution's row.
struct ExecutionUpdate {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<int64_t> stop_micros;
  int64_t redrive_count = 0;
  std::optional<int64_t> redrive_micros;
};

struct ExecutionFilter {
  std::string machine_arn;
  std::string version_arn;  // list executions of one version
  std::string map_run_arn;
  std::optional<ExecutionStatus> status;
  std::optional<bool> redriven;
  int64_t before_id = 0;  // page start (exclusive); 0 = newest
  size_t limit = 100;
};

class ExecutionStore {
 public:
  // Opens (creating and migrating) the database at `path`.
  static Result<std::unique_ptr<ExecutionStore>> Open(const std::string& path);

  meta::Database& database() { return *db_; }

  // --- state machines ---
  // AlreadyExists when the name is taken.
  Status InsertStateMachine(const StateMachineRow& row);
  Result<std::optional<StateMachineRow>> GetStateMachine(const std::string& arn);
  Status UpdateStateMachine(const StateMachineRow& row);
  // Deletes the machine with its versions, aliases and tags. Executions stay.
  Status DeleteStateMachine(const std::string& arn);
  // Sorted by name; `after_name` excludes names up to and including it.
  Result<std::vector<StateMachineRow>> ListStateMachines(const std::string& after_name, size_t limit);

  Status InsertVersion(const VersionRow& row);
  Result<std::optional<VersionRow>> GetVersion(const std::string& arn);
  // Newest first; versions below `before_version` (0 = from the newest).
  Result<std::vector<VersionRow>> ListVersions(const std::string& machine_arn, int64_t before_version, size_t limit);
  Result<int64_t> LatestVersion(const std::string& machine_arn);
  Status DeleteVersion(const std::string& arn);

  Status InsertAlias(const AliasRow& row);
  Result<std::optional<AliasRow>> GetAlias(const std::string& arn);
  Status UpdateAlias(const AliasRow& row);
  Status DeleteAlias(const std::string& arn);
  Result<std::vector<AliasRow>> ListAliases(const std::string& machine_arn);

  // --- activities ---
  Status InsertActivity(const ActivityRow& row);
  Result<std::optional<ActivityRow>> GetActivity(const std::string& arn);
  Status DeleteActivity(const std::string& arn);
  Result<std::vector<ActivityRow>> ListActivities(const std::string& after_name, size_t limit);

  // --- tags ---
  Status SetTags(const std::string& arn, const std::vector<std::pair<std::string, std::string>>& tags);
  Status RemoveTags(const std::string& arn, const std::vector<std::string>& keys);
  Result<std::vector<std::pair<std::string, std::string>>> GetTags(const std::string& arn);

  // --- executions ---
  Result<std::optional<ExecutionRow>> GetExecution(const std::string& arn);
  Result<std::optional<ExecutionRow>> GetExecutionByName(const std::string& machine_arn, const std::string& name);
  // Newest first.
  Result<std::vector<ExecutionRow>> ListExecutions(const ExecutionFilter& filter);
  // Events with id > after_id (or < before_id when reverse; 0 = from the end), at most `limit`.
  Result<std::vector<HistoryEvent>> GetEvents(int64_t execution_id, bool reverse, int64_t from_id, size_t limit);
  // Executions left RUNNING by an earlier process.
  Result<std::vector<ExecutionRow>> RunningExecutions();
  // Frame snapshots of an execution: (frame id, snapshot text).
  Result<std::vector<std::pair<uint32_t, std::string>>> Frames(int64_t execution_id);
  // The largest execution id so far (0 when none).
  Result<int64_t> MaxExecutionId();

 private:
  explicit ExecutionStore(std::unique_ptr<meta::Database> db) : db_(std::move(db)) {}
  std::unique_ptr<meta::Database> db_;
};

}  // namespace sluice::states
