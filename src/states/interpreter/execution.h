// One running execution: its frames, its history, and the driver that moves it forward.
//
// Everything that happens to an execution arrives as a message (start, a timer, a task
// outcome, a stop) in its inbox; one driver at a time, on the interpreter's thread pool,
// drains the inbox and runs ready frames state by state. Waiting holds no thread: a waiting
// execution is a timer and a few frames in memory.
//
// STANDARD executions record every event and hand their journal (events plus frame snapshots)
// to the JournalWriter at consistent points: whenever the driver runs out of work, every few
// hundred transitions, and before anything leaves the process (a task call). A task is never
// started before the transition that schedules it is durable, so a restart never repeats a
// completed transition; transitions not yet durable when the process died never happened as
// far as any client could tell, and are simply run again. EXPRESS executions record nothing.
//
// Thread safety: the public methods may be called from any thread. Frames and the journal are
// touched only by the driver.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "common/clock.h"
#include "common/thread_pool.h"
#include "common/timer_queue.h"
#include "states/asl/definition.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/frame.h"
#include "states/interpreter/history_event.h"
#include "states/interpreter/journal_writer.h"

namespace sluice::states {

class Execution;

// What never changes about an execution (except across a redrive).
struct ExecutionInfo {
  int64_t id = 0;  // row id in states.db (STANDARD)
  std::string arn;
  std::string name;
  std::string machine_arn;
  std::string machine_name;
  std::string version_arn;
  std::string alias_arn;
  std::string role_arn;
  std::string region;
  std::string account_id;
  bool express = false;
  int64_t start_micros = 0;
  std::shared_ptr<const Definition> definition;
  boost::json::value input;
  std::string input_text;
  std::string trace_header;
  std::string parent_token;  // a nested execution reports its end to this task token

  // TestState: run only the first state, then stop (reporting where it would go next); waits
  // end at once; a matching retrier ends the run as RETRIABLE; a mocked task result or error
  // replaces the integration call.
  bool single_step = false;
  std::optional<boost::json::value> mock_result;
  std::optional<std::pair<std::string, std::string>> mock_error;
  boost::json::object initial_variables;
};

// How an execution ended (or that it is still running).
struct ExecutionOutcome {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  int64_t stop_micros = 0;
  int64_t redrive_count = 0;
  std::optional<int64_t> redrive_micros;
  // Single-step runs (TestState).
  std::string next_state;
  std::string test_status;  // SUCCEEDED | FAILED | RETRIABLE | CAUGHT_ERROR
  std::optional<boost::json::value> task_result;
  boost::json::object variables;
};

// A task's progress, reported by an integration or through a task token.
struct TaskEvent {
  enum class Kind : uint8_t { kStarted, kSubmitted, kSucceeded, kFailed, kHeartbeat } kind = Kind::kSucceeded;
  boost::json::value value;
  std::string error;
  std::string cause;
  bool has_error = true;
  bool has_cause = true;
  std::string worker_name;
};

// Services an execution uses; implemented by the Executor.
class ExecutionHost {
 public:
  virtual ~ExecutionHost() = default;
  virtual ThreadPool& driver_pool() = 0;
  virtual TimerQueue& timers() = 0;
  // nullptr for executions that keep no history.
  virtual JournalWriter* journal() = 0;
  virtual const Clock& clock() = 0;
  virtual double time_scale() const = 0;
  // Starts the integration for `task` of `frame` (the driver has made it durable first).
  virtual void StartTask(const std::shared_ptr<Execution>& execution, FrameId frame, const FrameTask& task) = 0;
  // Tells the integration of `task` that its result is no longer wanted.
  virtual void CancelTask(const Execution& execution, const FrameTask& task) = 0;
  // The execution reached a final status (after it is durable).
  virtual void ExecutionFinished(const std::shared_ptr<Execution>& execution) = 0;
};

// Limits every execution observes.
struct ExecutionLimits {
  int64_t max_events = 25000;         // AWS's history quota (STANDARD)
  size_t max_payload_bytes = 262144;  // input, output and task results
  int transitions_per_slice = 20000;  // the driver yields the thread after this many
  int transitions_per_handoff = 256;  // journal hand-off cadence in long loops
};

class Execution : public std::enable_shared_from_this<Execution> {
 public:
  Execution(ExecutionInfo info, ExecutionHost* host, ExecutionLimits limits = {});
  ~Execution();

  const ExecutionInfo& info() const { return info_; }

  // Starts a new execution: writes ExecutionStarted (and the execution row) and runs.
  // `on_durable` is called once the start is durable (at once for EXPRESS).
  void Start(std::optional<ExecutionRow> row, std::function<void(const Status&)> on_durable);
  // Rebuilds a running execution from its snapshots after a restart, then runs it.
  Status Restore(std::vector<Frame> frames, int64_t next_event_id, const ExecutionOutcome& outcome);
  // Redrives a FAILED, ABORTED or TIMED_OUT execution from where it failed: every failed or
  // aborted frame re-enters the state it stopped in. `frames` are the snapshots left behind.
  Status Redrive(std::vector<Frame> frames, int64_t next_event_id, const ExecutionOutcome& outcome,
                 std::function<void(const Status&)> on_durable);

  // Messages (thread-safe).
  void OnTimer(FrameId frame, uint64_t generation);
  // `on_done` (optional) learns whether the event applied (TaskTimedOut status when the task
  // is gone) and, once it is durable, OK.
  void OnTaskEvent(FrameId frame, std::string nonce, TaskEvent event, std::function<void(const Status&)> on_done);
  void Stop(std::optional<std::string> error, std::optional<std::string> cause,
            std::function<void(const Status&)> on_durable);
  void OnExecutionTimeout();

  // The current outcome (status RUNNING while running).
  ExecutionOutcome outcome() const;
  // Blocks until the execution ends (EXPRESS StartSyncExecution).
  ExecutionOutcome WaitForEnd();

  // Transitions made so far (for metrics and benchmarks).
  uint64_t transitions() const { return transitions_.load(std::memory_order_relaxed); }

 private:
  friend class FrameRun;
  struct Message;
  struct ReadyItem {
    FrameId frame;
    enum class Kind : uint8_t { kEnter, kRetry, kResume } kind;
    std::unique_ptr<Wakeup> wakeup;  // kResume
  };

  void Post(Message message);
  void Drive();
  void HandleMessage(Message& message);
  void HandleTaskEvent(Message& message);
  void RunReady(ReadyItem& item);

  // Frame lifecycle (driver only).
  Frame& NewFrame(FrameId parent, size_t index, const StateGraph* graph, boost::json::value input);
  Frame* FindFrame(FrameId id);
  void MarkDirty(Frame& frame);
  void EnterState(Frame& frame);
  void RunState(Frame& frame, Wakeup* wakeup);
  void ApplyVariables(Frame& frame, const boost::json::object& values);
  const boost::json::value* LookupVariable(const Frame& frame, std::string_view name) const;
  void LeaveState(Frame& frame, const State* next, boost::json::value output, const boost::json::object& assigned);
  void HandleError(Frame& frame, Status error, bool from_task);
  void FinishFrame(Frame& frame, boost::json::value output);
  void FailFrame(Frame& frame, const Status& error);
  void StartChildren(Frame& parent, ChildrenRequest request);
  void StartPendingChildren(Frame& parent);
  void ChildEnded(Frame& child);
  void ContinueChildren(Frame& parent);
  void MaybeCompleteChildren(Frame& parent);
  void ReleaseChildren(Frame& parent);
  void DeleteFrame(FrameId id);
  void AbortFrame(Frame& frame);
  void AbortChildren(Frame& parent);
  void AbortAll();
  void RecountChildren();
  void ResumeFrames();

  // Waiting and tasks (driver only).
  int64_t ScaledMicros(int64_t seconds) const;
  void Sleep(Frame& frame, int64_t deadline, bool for_retry);
  void ArmTimer(Frame& frame, int64_t deadline);
  void ArmTaskTimer(Frame& frame, int64_t deadline);
  void ArmExecutionTimeout(int64_t from_micros);
  void BeginTask(Frame& frame, TaskRequest request, const std::string& token, const std::string& nonce);
  void DispatchTask(Frame& frame);

  // Ending, history and journal (driver only).
  void EndExecution(ExecutionStatus status, std::optional<std::string> output, std::optional<std::string> error,
                    std::optional<std::string> cause, std::string_view event_type, boost::json::object details,
                    Frame* chain);
  void Finished();
  int64_t Emit(Frame* frame, std::string_view type, const boost::json::object& details);
  void HandOff(std::function<void(const Status&)> on_durable = nullptr);
  bool recording() const { return !info_.express; }
  int64_t Now() const;

  ExecutionInfo info_;
  ExecutionHost* host_;
  const ExecutionLimits limits_;

  // Messages, guarded by inbox_mutex_.
  std::mutex inbox_mutex_;
  std::vector<Message> inbox_;
  bool driving_ = false;

  // Driver state.
  std::map<FrameId, std::unique_ptr<Frame>> frames_;
  FrameId next_frame_id_ = 0;
  std::deque<ReadyItem> ready_;
  int64_t next_event_id_ = 1;
  std::vector<HistoryEvent> pending_events_;
  std::vector<FrameId> dirty_frames_;
  std::vector<FrameId> deleted_frames_;
  bool finished_ = false;       // a final status was reached
  bool final_pending_ = false;  // ... and not yet handed to the journal
  bool row_dirty_ = false;      // the execution row changed
  int64_t redrive_count_ = 0;
  std::optional<int64_t> redrive_micros_;
  // Single-step (TestState) results.
  std::string next_state_;
  std::string test_status_;
  std::optional<boost::json::value> task_result_;
  std::optional<ExecutionRow> pending_insert_;
  std::vector<std::function<void(const Status&)>> durable_callbacks_;
  int inflight_batches_ = 0;  // guarded by inbox_mutex_ (journal callbacks run elsewhere)
  int transitions_since_handoff_ = 0;

  // The outcome, guarded by outcome_mutex_.
  mutable std::mutex outcome_mutex_;
  std::condition_variable ended_;
  ExecutionOutcome outcome_;
  bool ended_visible_ = false;  // the end is durable (or the execution keeps no history)

  std::atomic<uint64_t> transitions_{0};
};

}  // namespace sluice::states
