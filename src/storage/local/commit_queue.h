// Group commit for the local object store: metadata changes from concurrent writers are
// applied in one SQLite write transaction, so a whole group shares one WAL fsync (and one
// fsync per blob directory touched), in the manner of LevelDB's writer queue. Each change runs
// in its own savepoint, so a change that fails (a precondition, a missing bucket) is rolled
// back alone and the others still commit.
//
// The first waiting caller leads: it takes every queued change (up to a bound), syncs their
// directories, runs the transaction, and wakes the others with their own results.
//
// Thread safety: thread-safe; Commit blocks until the change is durable or failed.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

#include <absl/functional/function_ref.h>

#include "common/status.h"
#include "meta/database.h"

namespace sluice::storage {

class CommitQueue {
 public:
  explicit CommitQueue(meta::Database* database) : database_(database) {}

  // Runs `change` inside a shared write transaction after fsyncing `sync_directory` (when not
  // empty), and returns once the transaction committed: the change's own Status, or the
  // commit's failure (then nothing of the change persisted).
  Status Commit(absl::FunctionRef<Status(meta::Transaction&)> change, const std::string& sync_directory = "");

 private:
  struct Waiter;
  static constexpr size_t kMaxGroup = 128;

  meta::Database* const database_;
  std::mutex mutex_;
  std::deque<Waiter*> queue_;  // guarded by mutex_; the front is the leader
};

}  // namespace sluice::storage
