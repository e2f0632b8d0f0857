// What a state sees of the interpreter while it runs: its input, the context object and
// variables (through PathScope), history events, and the outcomes and suspensions it may ask
// for. Implemented by the interpreter; one StateRun per running state.
//
// Each Run/Resume call ends in exactly one of: Transition, Fail, or a suspension (SleepUntil,
// StartTask, StartChildren, ContinueChildren), or — for Resume — nothing, when the wakeup was
// informational (kTaskStarted, kTaskSubmitted).
//
// Thread safety: a StateRun is used by one thread at a time (the execution's driver).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

class State;
class StateGraph;

// A call to an integration (see integrations/integration.h).
struct TaskRequest {
  std::string resource;  // the Resource ARN as written in the definition
  boost::json::value parameters;
  std::optional<int64_t> timeout_seconds;    // TimeoutSeconds(Path), in definition seconds
  std::optional<int64_t> heartbeat_seconds;  // HeartbeatSeconds(Path)
};

// Branches of a Parallel state or iterations of a Map state.
struct ChildSpec {
  const StateGraph* graph = nullptr;
  boost::json::value input;
};

struct ChildrenRequest {
  std::vector<ChildSpec> children;
  size_t max_concurrency = 0;   // 0: all at once
  bool map_iterations = false;  // write MapIteration{Started,Succeeded,Failed,Aborted} events
};

class StateRun : public PathScope {
 public:
  // The state's raw input (what the previous state output).
  virtual const boost::json::value& input() const = 0;
  // Moves the raw input out; input() is null afterwards.
  virtual boost::json::value TakeInput() = 0;
  // Per-state data that survives suspensions and restarts (saved with the execution).
  virtual boost::json::object& scratch() = 0;

  // True when the execution keeps a history (STANDARD); states may skip building event
  // details when it is false.
  virtual bool recording() const = 0;
  // Appends a history event of `type` ("TaskScheduled") with its details object.
  virtual void Emit(std::string_view type, boost::json::object details) = 0;

  virtual int64_t NowMicros() const = 0;
  // Waits, timeouts and retry intervals are divided by this (the --time-scale virtual clock).
  virtual double time_scale() const = 0;
  virtual const std::string& region() const = 0;
  // The task token of the current attempt ($$.Task.Token), made on first use.
  virtual const std::string& TaskToken() = 0;
  // Variables to set when the state leaves (Assign); later calls add to earlier ones.
  virtual void SetVariables(boost::json::object values) = 0;

  // --- outcomes ---
  // Leaves the state towards `next` (nullptr: the branch ends successfully) with `output`.
  virtual void Transition(const State* next, boost::json::value output) = 0;
  // The state failed with a state error (state_error.h); Retry and Catch apply.
  virtual void Fail(Status error) = 0;

  // --- suspensions ---
  // Resume(kTimer) once the wall clock reaches `wall_micros`.
  virtual void SleepUntil(int64_t wall_micros) = 0;
  // Calls the integration; Resume(kTaskStarted/Submitted/Succeeded/Failed/TimedOut) follow.
  virtual void StartTask(TaskRequest request) = 0;
  // Runs child branches; Resume(kChildFailed) per failure, Resume(kChildrenDone) at the end.
  virtual void StartChildren(ChildrenRequest request) = 0;
  // After kChildFailed: tolerate the failure and keep the other children running.
  virtual void ContinueChildren() = 0;
};

}  // namespace sluice::states
