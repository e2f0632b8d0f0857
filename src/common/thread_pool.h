// A fixed-size pool of worker threads running submitted tasks in FIFO order.
//
// Thread safety: Submit may be called from any thread, including from inside a task.
// Shutdown() (or the destructor) finishes queued tasks, then joins the workers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sluice {

class ThreadPool {
 public:
  // Starts `threads` workers (at least one) named `name` (visible in top/gdb).
  ThreadPool(size_t threads, std::string name);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues a task. Returns false (and drops the task) after Shutdown().
  bool Submit(std::function<void()> task);
  // Stops accepting tasks, runs what is queued, joins the workers. Idempotent.
  void Shutdown();

  size_t thread_count() const { return workers_.size(); }
  size_t queued() const;
  size_t active() const;

 private:
  void WorkerLoop();

  const std::string name_;
  std::vector<std::thread> workers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  size_t active_ = 0;                         // guarded by mutex_
  bool stopping_ = false;                     // guarded by mutex_
};

// Runs fn(i) for i in [0, count) on up to `parallelism` threads (the caller is one of them) and
// returns when all are done. Uses fresh threads, so it may be called from inside a pool task.
void ParallelFor(size_t count, size_t parallelism, const std::function<void(size_t)>& fn);

// The number of hardware threads (at least 1).
size_t HardwareConcurrency();

}  // namespace sluice
