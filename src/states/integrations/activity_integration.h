// Activities: tasks handed to workers outside Sluice. A Task whose Resource is an activity ARN
// queues an activity task; a worker's GetActivityTask (a long poll) takes it, which starts the
// task; the worker answers with SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat and the
// task token (routed by the executor, not by this class).
//
// Thread safety: thread-safe. GetTask blocks the calling (HTTP connection) thread for up to its
// timeout, as AWS's 60-second long poll does.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "states/integrations/integration.h"

namespace sluice::states {

class ActivityIntegration final : public Integration {
 public:
  struct ActivityTask {
    std::string token;
    std::string input;  // JSON text
  };

  bool Handles(const ResourceInfo& resource) const override {
    return resource.kind == ResourceInfo::Kind::kActivity;
  }
  void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) override;
  void Cancel(const TaskInvocation& invocation) override;

  // Waits up to `timeout_micros` for a task of `activity_arn`; nullopt when none came.
  // Taking a task reports it Started with `worker_name`.
  std::optional<ActivityTask> GetTask(const std::string& activity_arn, const std::string& worker_name,
                                      int64_t timeout_micros);
  // Wakes every waiting GetTask (shutdown).
  void Shutdown();

 private:
  struct Pending {
    ActivityTask task;
    std::shared_ptr<TaskCallbacks> callbacks;
  };
  std::mutex mutex_;
  std::condition_variable available_;
  std::map<std::string, std::deque<Pending>> queues_;  // activity arn → tasks; guarded by mutex_
  bool stopping_ = false;                               // guarded by mutex_
};

}  // namespace sluice::states
