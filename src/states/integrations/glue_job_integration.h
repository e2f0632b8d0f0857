// arn:aws:states:::glue:startJobRun[.sync|.waitForTaskToken], the optimized Glue integration.
// Request/response: output {"JobName", "JobRunId"}. .sync: TaskSubmitted carries the start
// response, then the run is polled until it ends: SUCCEEDED gives the JobRun (timestamps in
// epoch milliseconds, as Step Functions shows them); FAILED, TIMEOUT, ERROR, EXPIRED and
// STOPPED fail the task with States.TaskFailed and the JobRun as JSON cause. Stopping the
// execution (or a task timeout) stops the run. Errors of StartJobRun itself are Glue.<Code>.
//
// Thread safety: thread-safe; calls run on the I/O pool, polls are timers.
#pragma once

#include <memory>

#include "common/thread_pool.h"
#include "common/timer_queue.h"
#include "states/integrations/glue_job_runner.h"
#include "states/integrations/integration.h"

namespace sluice::states {

class GlueJobIntegration final : public Integration {
 public:
  // Polls every `poll_micros` (divided by the invocation's time scale, at least 10 ms).
  GlueJobIntegration(GlueJobRunner* runner, ThreadPool* pool, TimerQueue* timers, int64_t poll_micros)
      : runner_(runner), pool_(pool), timers_(timers), poll_micros_(poll_micros) {}

  bool Handles(const ResourceInfo& resource) const override {
    return resource.kind == ResourceInfo::Kind::kService && !resource.sdk && resource.service == "glue" &&
           resource.action == "startJobRun";
  }
  void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) override;
  void Cancel(const TaskInvocation& invocation) override;

 private:
  void Poll(std::string job_name, std::string run_id, double time_scale, std::shared_ptr<TaskCallbacks> callbacks);

  GlueJobRunner* runner_;
  ThreadPool* pool_;
  TimerQueue* timers_;
  int64_t poll_micros_;
};

}  // namespace sluice::states
