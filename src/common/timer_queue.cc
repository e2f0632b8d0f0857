// TimerQueue: see timer_queue.h.
#include "common/timer_queue.h"

#include <pthread.h>

#include <chrono>

#include "common/clock.h"

namespace sluice {

TimerQueue::TimerQueue() {
  thread_ = std::thread([this] { Loop(); });
  pthread_setname_np(thread_.native_handle(), "timers");
}

TimerQueue::~TimerQueue() { Shutdown(); }

TimerQueue::TimerId TimerQueue::After(int64_t delay_micros, std::function<void()> callback) {
  TimerId id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    int64_t deadline = MonotonicMicros() + (delay_micros > 0 ? delay_micros : 0);
    timers_.emplace(std::make_pair(deadline, id), std::move(callback));
    deadlines_.emplace(id, deadline);
  }
  wake_.notify_one();
  return id;
}

bool TimerQueue::Cancel(TimerId id) {
  std::lock_guard lock(mutex_);
  auto it = deadlines_.find(id);
  if (it == deadlines_.end()) return false;
  timers_.erase({it->second, id});
  deadlines_.erase(it);
  return true;
}

void TimerQueue::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    timers_.clear();
    deadlines_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t TimerQueue::pending() const {
  std::lock_guard lock(mutex_);
  return timers_.size();
}

void TimerQueue::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto first = timers_.begin();
    int64_t now = MonotonicMicros();
    if (first->first.first > now) {
      wake_.wait_for(lock, std::chrono::microseconds(first->first.first - now));
      continue;
    }
    auto callback = std::move(first->second);
    deadlines_.erase(first->first.second);
    timers_.erase(first);
    lock.unlock();
    callback();
    lock.lock();
  }
}

}  // namespace sluice
