// Runs callbacks at a later time, on one dedicated thread. Used for retries, idle timeouts,
// Step Functions waits and cron schedules. Waiting timers hold no threads.
//
// Thread safety: every method may be called from any thread, including from a callback.
// Callbacks run on the timer thread one at a time; they should be short, or hand work to a pool.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace sluice {

class TimerQueue {
 public:
  using TimerId = uint64_t;

  TimerQueue();
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs `callback` once `delay_micros` (monotonic) have passed. Returns an id for Cancel.
  TimerId After(int64_t delay_micros, std::function<void()> callback);
  // Cancels a timer that has not fired. Returns false when it already fired or never existed.
  bool Cancel(TimerId id);
  // Drops pending timers and joins the thread. Idempotent.
  void Shutdown();
  size_t pending() const;

 private:
  void Loop();

  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  // (deadline in monotonic micros, id) → callback. Guarded by mutex_.
  std::map<std::pair<int64_t, TimerId>, std::function<void()>> timers_;
  std::map<TimerId, int64_t> deadlines_;  // id → deadline, guarded by mutex_
  TimerId next_id_ = 1;                   // guarded by mutex_
  bool stopping_ = false;                 // guarded by mutex_
};

}  // namespace sluice
