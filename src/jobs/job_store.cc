// The jobs metadata store: see job_store.h; the schema is described in
// docs/formats/jobs-metadata.md.
#include "jobs/job_store.h"

#include <fmt/format.h>

#include "catalog/page_token.h"
#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

// Never edit a released migration; add a new one.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE jobs (
  name TEXT PRIMARY KEY,
  document TEXT NOT NULL,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE job_runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  job_name TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  previous_run_id TEXT NOT NULL,
  state TEXT NOT NULL,
  started INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  running INTEGER,
  completed INTEGER,
  error_message TEXT NOT NULL,
  state_detail TEXT NOT NULL,
  settings TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX job_runs_by_job ON job_runs (job_name, seq);
CREATE INDEX job_runs_unfinished ON job_runs (state, seq);
CREATE TABLE bookmarks (
  job_name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  run INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  previous_run_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  state TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE bookmark_history (
  job_name TEXT NOT NULL,
  run_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  run INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  previous_run_id TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (job_name, run_id)
) WITHOUT ROWID;
)sql"},
};

constexpr std::string_view kRunColumns =
    "id, job_name, attempt, previous_run_id, state, started, modified, running, completed, error_message, "
    "state_detail, settings, summary, seq";

Status JobNotFound(std::string_view name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Job {} not found.", name));
}

json::object ParseObject(std::string_view text) {
  auto parsed = ParseJson(text);
  if (!parsed.ok() || !parsed->is_object()) return json::object();
  return std::move(parsed->as_object());
}

std::string TagsToJson(const std::map<std::string, std::string>& tags) {
  json::object out;
  for (const auto& [key, value] : tags) out[key] = value;
  return ToJson(out);
}

std::map<std::string, std::string> TagsFromJson(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : ParseObject(text)) {
    if (value.is_string()) out[std::string(key)] = std::string(value.get_string());
  }
  return out;
}

JobRun RunFromRow(meta::Cursor& rows) {
  JobRun run;
  run.id = rows.Text(0);
  run.job_name = rows.Text(1);
  run.attempt = rows.Int(2);
  run.previous_run_id = rows.Text(3);
  run.state = ParseJobRunState(rows.View(4)).value_or(JobRunState::kError);
  run.started_micros = rows.Int(5);
  run.modified_micros = rows.Int(6);
  run.running_micros = rows.OptionalInt(7);
  run.completed_micros = rows.OptionalInt(8);
  run.error_message = rows.Text(9);
  run.state_detail = rows.Text(10);
  run.settings = ParseObject(rows.View(11));
  run.summary = ParseObject(rows.View(12));
  return run;
}

Result<std::optional<JobRun>> LoadRun(meta::Transaction& txn, const std::string& run_id) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM job_runs WHERE id = ?", kRunColumns), run_id);
  std::optional<JobRun> run;
  if (rows.Next()) run = RunFromRow(rows);
  RETURN_IF_ERROR(rows.status());
  return run;
}

Result<std::optional<BookmarkEntry>> LoadBookmark(meta::Transaction& txn, const std::string& job_name) {
  auto rows = txn.Query(
      "SELECT version, run, attempt, previous_run_id, run_id, state FROM bookmarks WHERE job_name = ?", job_name);
  std::optional<BookmarkEntry> entry;
  if (rows.Next()) {
    entry = BookmarkEntry{job_name, rows.Int(0), rows.Int(1), rows.Int(2), rows.Text(3), rows.Text(4), rows.Text(5)};
  }
  RETURN_IF_ERROR(rows.status());
  return entry;
}

Status SaveBookmark(meta::Transaction& txn, const BookmarkEntry& entry) {
  return txn.Exec(
      "INSERT OR REPLACE INTO bookmarks (job_name, version, run, attempt, previous_run_id, run_id, state) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      entry.job_name, entry.version, entry.run, entry.attempt, entry.previous_run_id, entry.run_id, entry.state);
}

// Runs of the job that hold a slot or wait for one.
Result<int64_t> BusyRuns(meta::Transaction& txn, const std::string& job_name) {
  ASSIGN_OR_RETURN(auto count,
                   txn.QueryInt("SELECT count(*) FROM job_runs WHERE job_name = ? AND state IN "
                                "('STARTING', 'RUNNING', 'STOPPING', 'WAITING')",
                                job_name));
  return count.value_or(0);
}

}  // namespace

Result<std::unique_ptr<JobStore>> JobStore::Open(const std::string& path, const Clock* clock) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<JobStore>(new JobStore(std::move(db), clock));
}

// ---- jobs ----

Status JobStore::CreateJob(JobDefinition job) {
  int64_t now = clock_->NowMicros();
  return db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto exists, txn.QueryInt("SELECT 1 FROM jobs WHERE name = ?", job.name));
    if (exists) return AwsError("AlreadyExistsException", 400, fmt::format("Job {} already exists.", job.name));
    return txn.Exec("INSERT INTO jobs (name, document, tags, created, modified) VALUES (?, ?, ?, ?, ?)", job.name,
                    ToJson(job.document), TagsToJson(job.tags), now, now);
  });
}

Result<JobDefinition> JobStore::GetJob(const std::string& name) {
  JobDefinition job;
  bool found = false;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query("SELECT document, tags, created, modified FROM jobs WHERE name = ?", name);
    if (rows.Next()) {
      found = true;
      job.name = name;
      job.document = ParseObject(rows.View(0));
      job.tags = TagsFromJson(rows.View(1));
      job.created_micros = rows.Int(2);
      job.modified_micros = rows.Int(3);
    }
    return rows.status();
  }));
  if (!found) return JobNotFound(name);
  return job;
}

Result<StorePage<JobDefinition>> JobStore::ListJobs(const std::optional<std::string>& token, int limit) {
  std::string after;
  if (token) {
    ASSIGN_OR_RETURN(auto decoded, catalog::DecodePageToken(*token, "jobs", 0));
    after = decoded.position;
  }
  StorePage<JobDefinition> page;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(
        "SELECT name, document, tags, created, modified FROM jobs WHERE name > ? ORDER BY name LIMIT ?", after,
        int64_t{limit} + 1);
    while (rows.Next()) {
      JobDefinition job;
      job.name = rows.Text(0);
      job.document = ParseObject(rows.View(1));
      job.tags = TagsFromJson(rows.View(2));
      job.created_micros = rows.Int(3);
      job.modified_micros = rows.Int(4);
      page.items.push_back(std::move(job));
    }
    return rows.status();
  }));
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.pop_back();
    page.next_token = catalog::EncodePageToken({"jobs", page.items.back().name, 0});
  }
  return page;
}

Status JobStore::UpdateJob(const std::string& name, json::object document) {
  int64_t now = clock_->NowMicros();
  return db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("UPDATE jobs SET document = ?, modified = ? WHERE name = ?", ToJson(document), now, name));
    if (txn.changes() == 0) return JobNotFound(name);
    return Status::Ok();
  });
}

Result<bool> JobStore::DeleteJob(const std::string& name) {
  bool deleted = false;
  RETURN_IF_ERROR(db_->Write([&](meta::Transaction& txn) -> Status {
    RETURN_IF_ERROR(txn.Exec("DELETE FROM jobs WHERE name = ?", name));
    deleted = txn.changes() > 0;
    RETURN_IF_ERROR(txn.Exec("DELETE FROM job_runs WHERE job_name = ?", name));
    RETURN_IF_ERROR(txn.Exec("DELETE FROM bookmarks WHERE job_name = ?", name));
    return txn.Exec("DELETE FROM bookmark_history WHERE job_name = ?", name);
  }));
  return deleted;
}

// ---- runs ----

Result<JobRun> JobStore::InsertRun(JobRun run, int64_t slots, bool queue) {
  int64_t now = clock_->NowMicros();
  run.started_micros = now;
  run.modified_micros = now;
  RETURN_IF_ERROR(db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto job, txn.QueryInt("SELECT 1 FROM jobs WHERE name = ?", run.job_name));
    if (!job) return JobNotFound(run.job_name);
    ASSIGN_OR_RETURN(int64_t busy, BusyRuns(txn, run.job_name));
    run.state = JobRunState::kStarting;
    if (busy >= slots) {
      if (!queue) {
        return AwsError("ConcurrentRunsExceededException", 400,
                        fmt::format("Concurrent runs exceeded for {}", run.job_name));
      }
      run.state = JobRunState::kWaiting;
      run.state_detail = fmt::format(
          "Waiting: {} run(s) of job {} are active or queued and MaxConcurrentRuns is {}; this run starts when one "
          "finishes.",
          busy, run.job_name, slots);
    }
    return txn.Exec(
        "INSERT INTO job_runs (id, job_name, attempt, previous_run_id, state, started, modified, running, completed, "
        "error_message, state_detail, settings, summary) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, '{}')",
        run.id, run.job_name, run.attempt, run.previous_run_id, JobRunStateName(run.state), run.started_micros,
        run.modified_micros, run.error_message, run.state_detail, ToJson(run.settings));
  }));
  return run;
}

Result<JobRun> JobStore::GetRun(const std::string& job_name, const std::string& run_id) {
  std::optional<JobRun> run;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(run, LoadRun(txn, run_id));
    return Status::Ok();
  }));
  if (!run || run->job_name != job_name) {
    return AwsError("EntityNotFoundException", 400, fmt::format("Job run {} not found for job {}.", run_id, job_name));
  }
  return *std::move(run);
}

Result<StorePage<JobRun>> JobStore::ListRuns(const std::string& job_name, const std::optional<std::string>& token,
                                             int limit) {
  int64_t before = INT64_MAX;
  const uint64_t query = catalog::Fingerprint(job_name);
  if (token) {
    ASSIGN_OR_RETURN(auto decoded, catalog::DecodePageToken(*token, "job-runs", query));
    try {
      before = std::stoll(decoded.position);
    } catch (...) {
      return AwsError("InvalidInputException", 400, "Invalid pagination token");
    }
  }
  StorePage<JobRun> page;
  int64_t last_seq = 0;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(
        fmt::format("SELECT {} FROM job_runs WHERE job_name = ? AND seq < ? ORDER BY seq DESC LIMIT ?", kRunColumns),
        job_name, before, int64_t{limit} + 1);
    while (rows.Next()) {
      if (page.items.size() < static_cast<size_t>(limit)) last_seq = rows.Int(13);
      page.items.push_back(RunFromRow(rows));
    }
    return rows.status();
  }));
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.pop_back();
    page.next_token = catalog::EncodePageToken({"job-runs", std::to_string(last_seq), query});
  }
  return page;
}

Result<std::optional<JobRun>> JobStore::Transition(const std::string& run_id, JobRunState to,
                                                   const RunUpdate& update) {
  int64_t now = clock_->NowMicros();
  std::optional<JobRun> result;
  RETURN_IF_ERROR(db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto run, LoadRun(txn, run_id));
    if (!run) return AwsError("EntityNotFoundException", 400, fmt::format("Job run {} not found.", run_id));
    if (!IsAllowedTransition(run->state, to)) return Status::Ok();
    run->state = to;
    run->modified_micros = now;
    if (to == JobRunState::kRunning) run->running_micros = now;
    if (IsTerminal(to)) run->completed_micros = now;
    if (update.error_message) run->error_message = *update.error_message;
    if (update.state_detail) run->state_detail = *update.state_detail;
    if (update.summary) run->summary = *update.summary;
    RETURN_IF_ERROR(txn.Exec(
        "UPDATE job_runs SET state = ?, modified = ?, running = ?, completed = ?, error_message = ?, "
        "state_detail = ?, summary = ? WHERE id = ?",
        JobRunStateName(to), now, run->running_micros, run->completed_micros, run->error_message, run->state_detail,
        ToJson(run->summary), run_id));
    if (update.bookmark_state && to == JobRunState::kSucceeded) {
      ASSIGN_OR_RETURN(auto previous, LoadBookmark(txn, run->job_name));
      BookmarkEntry entry = previous.value_or(BookmarkEntry{run->job_name});
      entry.version += 1;
      entry.run += 1;
      entry.attempt = run->attempt;
      entry.previous_run_id = previous ? previous->run_id : "";
      entry.run_id = run->id;
      entry.state = *update.bookmark_state;
      RETURN_IF_ERROR(SaveBookmark(txn, entry));
      RETURN_IF_ERROR(txn.Exec(
          "INSERT OR REPLACE INTO bookmark_history (job_name, run_id, version, run, attempt, previous_run_id, state) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          entry.job_name, entry.run_id, entry.version, entry.run, entry.attempt, entry.previous_run_id, entry.state));
    }
    result = std::move(run);
    return Status::Ok();
  }));
  return result;
}

Result<std::vector<JobRun>> JobStore::UnfinishedRuns() {
  std::vector<JobRun> runs;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM job_runs WHERE state IN ('STARTING', 'RUNNING', 'STOPPING', "
                                      "'WAITING') ORDER BY seq",
                                      kRunColumns));
    while (rows.Next()) runs.push_back(RunFromRow(rows));
    return rows.status();
  }));
  return runs;
}

Result<std::optional<JobRun>> JobStore::NextWaitingRun(const std::string& job_name, int64_t slots) {
  std::optional<JobRun> run;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto active, txn.QueryInt("SELECT count(*) FROM job_runs WHERE job_name = ? AND state IN "
                                               "('STARTING', 'RUNNING', 'STOPPING')",
                                               job_name));
    if (active.value_or(0) >= slots) return Status::Ok();
    auto rows = txn.Query(
        fmt::format("SELECT {} FROM job_runs WHERE job_name = ? AND state = 'WAITING' ORDER BY seq LIMIT 1", kRunColumns),
        job_name);
    if (rows.Next()) run = RunFromRow(rows);
    return rows.status();
  }));
  return run;
}

Result<std::vector<JobRun>> JobStore::Attempts(const std::string& first_run_id) {
  std::vector<JobRun> runs;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM job_runs WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY seq",
                                      kRunColumns),
                          first_run_id, first_run_id + "\\_attempt\\_%");
    while (rows.Next()) runs.push_back(RunFromRow(rows));
    return rows.status();
  }));
  return runs;
}

// ---- bookmarks ----

Result<std::optional<BookmarkEntry>> JobStore::GetBookmark(const std::string& job_name,
                                                           const std::optional<std::string>& run_id) {
  std::optional<BookmarkEntry> entry;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) -> Status {
    if (!run_id) {
      ASSIGN_OR_RETURN(entry, LoadBookmark(txn, job_name));
      return Status::Ok();
    }
    auto rows = txn.Query(
        "SELECT version, run, attempt, previous_run_id, state FROM bookmark_history WHERE job_name = ? AND run_id = ?",
        job_name, *run_id);
    if (rows.Next()) {
      entry = BookmarkEntry{job_name, rows.Int(0), rows.Int(1), rows.Int(2), rows.Text(3), *run_id, rows.Text(4)};
    }
    return rows.status();
  }));
  return entry;
}

Result<std::optional<BookmarkEntry>> JobStore::ResetBookmark(const std::string& job_name,
                                                             const std::optional<std::string>& run_id) {
  std::optional<BookmarkEntry> result;
  RETURN_IF_ERROR(db_->Write([&](meta::Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto current, LoadBookmark(txn, job_name));
    if (!current) return Status::Ok();
    BookmarkEntry entry = *current;
    entry.version += 1;
    if (run_id) {
      auto rows = txn.Query(
          "SELECT run, attempt, previous_run_id, state FROM bookmark_history WHERE job_name = ? AND run_id = ?",
          job_name, *run_id);
      if (!rows.Next()) {
        RETURN_IF_ERROR(rows.status());
        return Status::Ok();
      }
      entry.run = rows.Int(0);
      entry.attempt = rows.Int(1);
      entry.previous_run_id = rows.Text(2);
      entry.run_id = *run_id;
      entry.state = rows.Text(3);
    } else {
      entry.run = 0;
      entry.attempt = 0;
      entry.previous_run_id = "";
      entry.run_id = "";
      entry.state = "{}";
    }
    RETURN_IF_ERROR(SaveBookmark(txn, entry));
    result = std::move(entry);
    return Status::Ok();
  }));
  return result;
}

}  // namespace sluice::jobs
