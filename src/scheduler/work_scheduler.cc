// Durable work scheduler: see work_scheduler.h.
#include "scheduler/work_scheduler.h"

#include <spdlog/spdlog.h>

#include "common/clock.h"
#include "common/ids.h"

namespace sluice::scheduler {

namespace {

// Schema of work.db; see docs/formats/metadata.md. Never edit a released migration.
constexpr meta::Migration kMigrations[] = {
    {1, R"sql(
      CREATE TABLE work_items (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        key             TEXT NOT NULL,
        detail          TEXT NOT NULL DEFAULT '',
        state           TEXT NOT NULL,
        boot_id         TEXT NOT NULL,
        created_micros  INTEGER NOT NULL,
        started_micros  INTEGER NOT NULL DEFAULT 0,
        finished_micros INTEGER NOT NULL DEFAULT 0,
        message         TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX work_items_by_state ON work_items (state, kind);
      CREATE INDEX work_items_by_created ON work_items (created_micros);
    )sql"},
};

WorkState ParseState(std::string_view text) {
  if (text == "QUEUED") return WorkState::kQueued;
  if (text == "RUNNING") return WorkState::kRunning;
  if (text == "SUCCEEDED") return WorkState::kSucceeded;
  if (text == "FAILED") return WorkState::kFailed;
  if (text == "CANCELLED") return WorkState::kCancelled;
  return WorkState::kAbandoned;
}

constexpr const char* kSelectColumns =
    "SELECT id, kind, key, detail, state, created_micros, started_micros, finished_micros, message FROM work_items ";

WorkItem ReadItem(const meta::Cursor& rows) {
  WorkItem item;
  item.id = rows.Text(0);
  item.kind = rows.Text(1);
  item.key = rows.Text(2);
  item.detail = rows.Text(3);
  item.state = ParseState(rows.View(4));
  item.created_micros = rows.Int(5);
  item.started_micros = rows.Int(6);
  item.finished_micros = rows.Int(7);
  item.message = rows.Text(8);
  return item;
}

}  // namespace

std::string_view WorkStateName(WorkState state) {
  switch (state) {
    case WorkState::kQueued: return "QUEUED";
    case WorkState::kRunning: return "RUNNING";
    case WorkState::kSucceeded: return "SUCCEEDED";
    case WorkState::kFailed: return "FAILED";
    case WorkState::kCancelled: return "CANCELLED";
    case WorkState::kAbandoned: return "ABANDONED";
  }
  return "ABANDONED";
}

WorkScheduler::WorkScheduler(std::unique_ptr<meta::Database> db, Options options, MetricsRegistry* metrics)
    : db_(std::move(db)), boot_id_(NewUuid()), metrics_(metrics), pool_(options.threads, "work") {
  metrics_->AddCollector([this] {
    metrics_->GetGauge("sluice_work_queued", "Work items waiting for a thread").Set(static_cast<double>(pool_.queued()));
    metrics_->GetGauge("sluice_work_running", "Work items running").Set(static_cast<double>(pool_.active()));
    metrics_->GetGauge("sluice_timers_pending", "Timers waiting to fire").Set(static_cast<double>(timers_.pending()));
  });
}

WorkScheduler::~WorkScheduler() { Shutdown(0); }

Result<std::unique_ptr<WorkScheduler>> WorkScheduler::Open(const std::string& path, Options options,
                                                           MetricsRegistry* metrics) {
  ASSIGN_OR_RETURN(auto db, meta::Database::Open(path, kMigrations));
  return std::unique_ptr<WorkScheduler>(new WorkScheduler(std::move(db), options, metrics));
}

Status WorkScheduler::Record(const std::string& id, WorkState state, int64_t micros, const std::string& message) {
  return db_->Write([&](meta::Transaction& txn) {
    if (state == WorkState::kRunning) {
      return txn.Exec("UPDATE work_items SET state = ?, started_micros = ? WHERE id = ?", WorkStateName(state), micros,
                      id);
    }
    return txn.Exec("UPDATE work_items SET state = ?, finished_micros = ?, message = ? WHERE id = ?",
                    WorkStateName(state), micros, message, id);
  });
}

Result<std::string> WorkScheduler::Submit(std::string kind, std::string key, std::string detail, WorkFunction fn) {
  std::string id = NewUuid();
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Unavailable("the server is shutting down");
    active_[id] = cancel;
  }
  Status recorded = db_->Write([&](meta::Transaction& txn) {
    return txn.Exec(
        "INSERT INTO work_items (id, kind, key, detail, state, boot_id, created_micros) VALUES (?, ?, ?, ?, ?, ?, ?)",
        id, kind, key, detail, WorkStateName(WorkState::kQueued), boot_id_, NowMicros());
  });
  if (!recorded.ok()) {
    std::lock_guard lock(mutex_);
    active_.erase(id);
    return recorded;
  }
  metrics_->GetCounter("sluice_work_submitted_total", "Work items submitted", {{"kind", kind}}).Increment();
  bool queued = pool_.Submit([this, id, kind, fn = std::move(fn)] { Run(id, kind, fn); });
  if (!queued) {
    std::lock_guard lock(mutex_);
    active_.erase(id);
    return Unavailable("the server is shutting down");
  }
  return id;
}

void WorkScheduler::Run(const std::string& id, const std::string& kind, const WorkFunction& fn) {
  std::shared_ptr<std::atomic<bool>> cancel;
  {
    std::lock_guard lock(mutex_);
    auto it = active_.find(id);
    if (it != active_.end()) cancel = it->second;
  }
  if (!cancel) cancel = std::make_shared<std::atomic<bool>>(true);
  Record(id, WorkState::kRunning, NowMicros(), "").IgnoreError();
  WorkContext context(id, cancel.get());
  Status status;
  if (cancel->load()) {
    status = Cancelled("cancelled before it started");
  } else {
    status = fn(context);
  }
  WorkState final_state = status.ok() ? WorkState::kSucceeded
                          : status.code() == StatusCode::kCancelled ? WorkState::kCancelled
                                                                    : WorkState::kFailed;
  // A shutdown in progress leaves cancelled work RUNNING, so the next process resumes it.
  bool shutting_down;
  {
    std::lock_guard lock(mutex_);
    shutting_down = stopping_;
  }
  if (!(shutting_down && final_state == WorkState::kCancelled)) {
    Status recorded = Record(id, final_state, NowMicros(), status.ok() ? "" : status.message());
    if (!recorded.ok()) spdlog::error("recording work {} failed: {}", id, recorded.ToString());
  }
  metrics_
      ->GetCounter("sluice_work_finished_total", "Work items finished",
                   {{"kind", kind}, {"state", std::string(WorkStateName(final_state))}})
      .Increment();
  std::lock_guard lock(mutex_);
  active_.erase(id);
  idle_.notify_all();
}

bool WorkScheduler::Cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = active_.find(id);
  if (it == active_.end()) return false;
  it->second->store(true);
  return true;
}

Result<std::vector<WorkItem>> WorkScheduler::Orphans(std::string_view kind) const {
  std::vector<WorkItem> items;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) {
    auto rows = txn.Query(std::string(kSelectColumns) +
                              "WHERE state IN ('QUEUED', 'RUNNING') AND kind = ? AND boot_id <> ? ORDER BY created_micros",
                          kind, boot_id_);
    while (rows.Next()) items.push_back(ReadItem(rows));
    return rows.status();
  }));
  return items;
}

Status WorkScheduler::Abandon(const std::string& id, const std::string& message) {
  return Record(id, WorkState::kAbandoned, NowMicros(), message);
}

Result<std::vector<WorkItem>> WorkScheduler::Recent(size_t limit) const {
  std::vector<WorkItem> items;
  RETURN_IF_ERROR(db_->Read([&](meta::Transaction& txn) {
    auto rows = txn.Query(std::string(kSelectColumns) + "ORDER BY created_micros DESC LIMIT ?",
                          static_cast<int64_t>(limit));
    while (rows.Next()) items.push_back(ReadItem(rows));
    return rows.status();
  }));
  return items;
}

void WorkScheduler::Shutdown(int grace_seconds) {
  {
    std::unique_lock lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      for (auto& [id, cancel] : active_) cancel->store(true);
    }
    idle_.wait_for(lock, std::chrono::seconds(grace_seconds), [&] { return active_.empty(); });
  }
  timers_.Shutdown();
  pool_.Shutdown();
}

}  // namespace sluice::scheduler
