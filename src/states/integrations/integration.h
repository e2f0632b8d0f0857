// The seam between the interpreter and the services a Task calls. An Integration handles the
// resources it recognises (a service and action, or activities); the interpreter hands it one
// TaskInvocation per attempt and learns the outcome through TaskCallbacks.
//
// Request/response tasks call back Succeeded or Failed once. .sync tasks call Submitted (with
// the start response, which the interpreter keeps as the task's handle) and later Succeeded or
// Failed. Callback (.waitForTaskToken) tasks call Submitted once the request is made; the
// result arrives later through SendTaskSuccess/SendTaskFailure with the task token, which the
// interpreter routes itself.
//
// After a restart the interpreter starts in-flight tasks again (at least once, as AWS
// documents); an invocation then carries the handle its Submitted call saved, so a .sync task
// resumes waiting for the same job run instead of starting another.
//
// Thread safety: Integration methods are called from the interpreter's threads and must be
// thread-safe; TaskCallbacks may be called from any thread, more than once (later calls after
// the first outcome are ignored).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "states/integrations/resource.h"

namespace sluice::states {

struct TaskInvocation {
  ResourceInfo resource;
  boost::json::value parameters;
  std::string task_token;       // for callback tasks and activities
  boost::json::value handle;    // what Submitted saved in an earlier process; null otherwise
  std::string execution_arn;
  std::string state_name;
  std::string region;
  std::string account_id;
  double time_scale = 1.0;      // the --time-scale virtual clock (polling intervals divide by it)
};

class TaskCallbacks {
 public:
  virtual ~TaskCallbacks() = default;
  // The work started (activities: a worker took it; `worker_name` may be empty).
  virtual void Started(std::string worker_name) = 0;
  // A .sync or callback task was submitted; `output` is the start response (kept as handle).
  virtual void Submitted(boost::json::value output) = 0;
  virtual void Succeeded(boost::json::value output) = 0;
  // `error` is the ASL error name ("Glue.EntityNotFoundException", "States.TaskFailed").
  virtual void Failed(std::string error, std::string cause) = 0;
  // True once the task no longer matters (finished, timed out, execution stopped): long
  // polls should end.
  virtual bool cancelled() const = 0;
};

class Integration {
 public:
  virtual ~Integration() = default;
  // True when this integration serves `resource`.
  virtual bool Handles(const ResourceInfo& resource) const = 0;
  // Starts the task; must not block for long (hand long work to a pool or timers).
  virtual void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) = 0;
  // The execution stopped or the task timed out: release what the task holds (stop a Glue job
  // run, a nested execution). The default does nothing.
  virtual void Cancel(const TaskInvocation& invocation) {}
};

}  // namespace sluice::states
