// Stopping runs: see run_control.h.
#include "jobs/compiler/run_control.h"

namespace sluice::jobs {

void RunControl::Cancel(const std::string& reason) {
  std::function<void()> interrupt;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!cancelled_.load(std::memory_order_relaxed)) reason_ = reason;
    cancelled_.store(true, std::memory_order_release);
    interrupt = interrupt_;
  }
  if (interrupt) interrupt();
}

std::string RunControl::reason() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reason_;
}

void RunControl::SetInterrupt(std::function<void()> interrupt) {
  bool call_now = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    interrupt_ = interrupt;
    call_now = cancelled_.load(std::memory_order_relaxed);
  }
  if (call_now && interrupt) interrupt();
}

void RunControl::ClearInterrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  interrupt_ = nullptr;
}

}  // namespace sluice::jobs
