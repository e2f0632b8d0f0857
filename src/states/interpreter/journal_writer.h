// Group commit for execution history: executions hand in batches (new events, frame snapshots,
// changes to the execution row); one writer thread applies everything queued in a single
// SQLite transaction (one fsync), then tells each batch's owner that it is durable. Many
// executions — and many transitions of one execution — share each commit, which is what makes
// durable history fast.
//
// Thread safety: Submit may be called from any thread; callbacks run on the writer thread and
// must be short.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/status.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/history_event.h"

namespace sluice::states {

struct JournalBatch {
  int64_t execution_id = 0;
  std::optional<ExecutionRow> insert;  // a new execution (StartExecution)
  std::vector<HistoryEvent> events;
  std::vector<std::pair<uint32_t, std::string>> frames;  // (frame id, snapshot) upserts
  std::vector<uint32_t> deleted_frames;
  bool delete_all_frames = false;  // the execution finished
  std::optional<ExecutionUpdate> update;
  int64_t next_event_id = 0;  // 0: unchanged
  // Called once the batch is durable (OK) or could not be written.
  std::function<void(const Status&)> on_durable;
};

class JournalWriter {
 public:
  explicit JournalWriter(ExecutionStore* store);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Queues a batch; returns immediately.
  void Submit(JournalBatch batch);
  // Blocks until every batch submitted before the call is durable (or failed).
  void Flush();
  // Writes what is queued, then stops the thread. Idempotent.
  void Shutdown();

  // Commits so far, for metrics.
  uint64_t commits() const { return commits_; }

 private:
  void Loop();
  Status Apply(std::vector<JournalBatch>& batches);

  ExecutionStore* store_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable drained_;
  std::vector<JournalBatch> queue_;  // guarded by mutex_
  uint64_t submitted_ = 0;           // guarded by mutex_
  uint64_t written_ = 0;             // guarded by mutex_
  bool stopping_ = false;            // guarded by mutex_
  std::atomic<uint64_t> commits_{0};
};

}  // namespace sluice::states
