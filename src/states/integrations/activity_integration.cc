// Activities: see activity_integration.h.
#include "states/integrations/activity_integration.h"

#include <chrono>

#include "states/asl/json_text.h"

namespace sluice::states {

void ActivityIntegration::Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) {
  {
    std::lock_guard lock(mutex_);
    auto& queue = queues_[invocation.resource.arn];
    // A restarted execution queues its in-flight activity task again; never twice.
    for (const auto& pending : queue) {
      if (pending.task.token == invocation.task_token) return;
    }
    queue.push_back({{invocation.task_token, JsonText(invocation.parameters)}, std::move(callbacks)});
  }
  available_.notify_all();
}

void ActivityIntegration::Cancel(const TaskInvocation& invocation) {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(invocation.resource.arn);
  if (it == queues_.end()) return;
  auto& queue = it->second;
  for (auto pending = queue.begin(); pending != queue.end(); ++pending) {
    if (pending->task.token == invocation.task_token) {
      queue.erase(pending);
      return;
    }
  }
}

std::optional<ActivityIntegration::ActivityTask> ActivityIntegration::GetTask(const std::string& activity_arn,
                                                                              const std::string& worker_name,
                                                                              int64_t timeout_micros) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(timeout_micros);
  while (true) {
    auto it = queues_.find(activity_arn);
    while (it != queues_.end() && !it->second.empty()) {
      Pending pending = std::move(it->second.front());
      it->second.pop_front();
      if (pending.callbacks->cancelled()) continue;
      lock.unlock();
      pending.callbacks->Started(worker_name);
      return std::move(pending.task);
    }
    if (stopping_) return std::nullopt;
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout) {
      it = queues_.find(activity_arn);
      if (it == queues_.end() || it->second.empty()) return std::nullopt;
    }
  }
}

void ActivityIntegration::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  available_.notify_all();
}

}  // namespace sluice::states
