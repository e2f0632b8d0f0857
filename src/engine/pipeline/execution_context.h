// What a query runs with: options (threads, memory budget for operators that can spill, where
// to spill), a cancellation flag a job runner can set from another thread, and counters that
// operators update for EXPLAIN ANALYZE-style reporting.
//
// Thread safety: options are fixed before execution; the flag and counters are atomics, safe
// from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace sluice::engine {

struct ExecutionOptions {
  // Worker threads per pipeline; 0 means one per core.
  size_t threads = 0;
  // Bytes a blocking operator (sort) may hold before it spills to disk. Default 1 GiB.
  int64_t memory_limit_bytes = int64_t{1} << 30;
  // Where spill files go; empty means $TMPDIR or /tmp.
  std::string temp_directory;
  // Rows per batch produced by operators that assemble their own output (join, aggregate, sort).
  int64_t batch_rows = 64 * 1024;
  // How many finished batches an order-preserving sink (write, collect) may hold while waiting
  // for an earlier one; a worker that gets further ahead waits. Bounds memory of streaming plans.
  int64_t reorder_window_batches = 8;

  static ExecutionOptions Defaults() { return ExecutionOptions(); }
};

struct ExecutionStats {
  std::atomic<int64_t> rows_scanned{0};
  std::atomic<int64_t> bytes_spilled{0};
  std::atomic<int64_t> spill_files{0};
  std::atomic<int64_t> rows_written{0};
  std::atomic<int64_t> files_written{0};
};

class ExecutionContext {
 public:
  explicit ExecutionContext(ExecutionOptions options = ExecutionOptions::Defaults());
  const ExecutionOptions& options() const { return options_; }
  size_t threads() const { return threads_; }
  // Asks the running query to stop; it fails with Cancelled at its next batch.
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  ExecutionStats& stats() { return stats_; }
  // The directory for spill files (options().temp_directory, else $TMPDIR, else /tmp).
  std::string TempDirectory() const;

 private:
  ExecutionOptions options_;
  size_t threads_;
  std::atomic<bool> cancelled_{false};
  ExecutionStats stats_;
};

}  // namespace sluice::engine
