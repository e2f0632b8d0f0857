// RunControl: how a job run is stopped from outside (BatchStopJobRun, its Timeout, server
// shutdown) while it executes: a flag the run checks between steps, and the engine query or
// child process in flight, which Cancel() stops at once.
//
// Thread safety: thread-safe; Cancel may come from any thread at any time.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>

namespace sluice::jobs {

class RunControl {
 public:
  // Asks the run to stop; `reason` is kept for the run's error message. Later calls keep the
  // first reason.
  void Cancel(const std::string& reason);
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  std::string reason() const;

  // What stops the step in flight (cancels an engine query, kills a process). Called at once
  // when the run is already cancelled. Clear() removes it when the step ends.
  void SetInterrupt(std::function<void()> interrupt);
  void ClearInterrupt();

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  std::string reason_;               // guarded by mutex_
  std::function<void()> interrupt_;  // guarded by mutex_
};

}  // namespace sluice::jobs
