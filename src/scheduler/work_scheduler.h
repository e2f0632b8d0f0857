// The work scheduler: runs long work (crawls, job runs, execution steps) on a bounded thread
// pool, and keeps a durable record of every piece of work in DIR/meta/work.db, so that after a
// crash or kill the next process finds what was in flight ("orphans") and each service can
// resume or fail it. Timers (retries, waits, schedules) run without holding a thread.
//
// Services keep their own domain state (a job run's state, an execution's history); the work
// record says only that a piece of work of some kind was queued, running or finished, and in
// which process.
//
// Thread safety: thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "common/timer_queue.h"
#include "meta/database.h"

namespace sluice::scheduler {

// States of a work record. Stored as text; never rename.
enum class WorkState { kQueued, kRunning, kSucceeded, kFailed, kCancelled, kAbandoned };
std::string_view WorkStateName(WorkState state);

struct WorkItem {
  std::string id;
  std::string kind;    // "crawl", "job-run", ...
  std::string key;     // the service's own id (crawler name, job run id, ...)
  std::string detail;  // free-form, the service's choice
  WorkState state = WorkState::kQueued;
  int64_t created_micros = 0;
  int64_t started_micros = 0;
  int64_t finished_micros = 0;
  std::string message;  // why it failed or was abandoned
};

// Handed to running work.
class WorkContext {
 public:
  WorkContext(std::string id, const std::atomic<bool>* cancel) : id_(std::move(id)), cancel_(cancel) {}
  const std::string& id() const { return id_; }
  // True once Cancel() or Shutdown() asked the work to stop; long work checks it between steps.
  bool cancelled() const { return cancel_->load(std::memory_order_relaxed); }

 private:
  std::string id_;
  const std::atomic<bool>* cancel_;
};

using WorkFunction = std::function<Status(WorkContext&)>;

class WorkScheduler {
 public:
  struct Options {
    size_t threads = 8;  // pieces of work running at once; more wait in the queue
  };

  // Opens the work database at `path`. Work left QUEUED or RUNNING by an earlier process
  // becomes visible through Orphans().
  static Result<std::unique_ptr<WorkScheduler>> Open(const std::string& path, Options options,
                                                     MetricsRegistry* metrics);
  ~WorkScheduler();

  // Records the work as QUEUED (durably) and runs `fn` on the pool: RUNNING when it starts,
  // then SUCCEEDED, FAILED (fn's Status) or CANCELLED. Returns the work id.
  Result<std::string> Submit(std::string kind, std::string key, std::string detail, WorkFunction fn);
  // Asks running or queued work to stop. False when it is not in this process.
  bool Cancel(const std::string& id);

  // Work of `kind` that an earlier process left QUEUED or RUNNING.
  Result<std::vector<WorkItem>> Orphans(std::string_view kind) const;
  // Closes an orphan's record as ABANDONED with a reason (after its service failed or resumed it).
  Status Abandon(const std::string& id, const std::string& message);
  // The most recent records, newest first.
  Result<std::vector<WorkItem>> Recent(size_t limit) const;

  TimerQueue& timers() { return timers_; }
  ThreadPool& pool() { return pool_; }

  // Cancels everything running, waits up to `grace_seconds` for it to return, then stops the
  // threads. Work still unfinished stays RUNNING in the record and is an orphan next time.
  void Shutdown(int grace_seconds);

 private:
  WorkScheduler(std::unique_ptr<meta::Database> db, Options options, MetricsRegistry* metrics);
  Status Record(const std::string& id, WorkState state, int64_t micros, const std::string& message);
  void Run(const std::string& id, const std::string& kind, const WorkFunction& fn);

  std::unique_ptr<meta::Database> db_;
  const std::string boot_id_;
  MetricsRegistry* metrics_;
  TimerQueue timers_;
  ThreadPool pool_;

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> active_;  // id → cancel flag, guarded by mutex_
  bool stopping_ = false;                                              // guarded by mutex_
};

}  // namespace sluice::scheduler
