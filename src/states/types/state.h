// The base of every ASL state type. A state type (types/<type>_state.{h,cc}) owns its parsing,
// its static validation, what it does when it runs (one step: a transition, an error, or a
// suspension until a timer, a task or child branches report back) and the history events it
// writes. The interpreter owns everything the types share: entering and leaving states,
// Retry and Catch, durability, timers and integrations. Checklist: ADDING_A_STATE.md.
//
// Thread safety: a State is immutable once its definition is parsed; Run and Resume are called
// for many executions concurrently and keep all per-run data in the StateRun.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/data_flow.h"
#include "states/asl/error_handling.h"

namespace sluice::states {

// Persisted in execution snapshots by name; never rename.
enum class StateType : uint8_t { kPass, kTask, kChoice, kWait, kSucceed, kFail, kParallel, kMap };
std::string_view StateTypeName(StateType type);

class StateParser;
class StateLinker;
class StateRun;

// How one child branch (Parallel) or iteration (Map) ended.
struct ChildResult {
  bool succeeded = false;
  boost::json::value output;  // the branch output, or {"Error", "Cause"} when it failed
};

// What woke a suspended state (see StateRun's suspensions).
struct Wakeup {
  enum class Kind : uint8_t {
    kTimer,          // SleepUntil's deadline passed
    kTaskStarted,    // the integration started the work (an activity worker took it)
    kTaskSubmitted,  // a .sync or callback task was submitted; `value` is the submit response
    kTaskSucceeded,  // `value` is the task's raw result
    kTaskFailed,     // `error` names the failure
    kTaskTimedOut,   // TimeoutSeconds or (with `heartbeat`) HeartbeatSeconds elapsed
    kChildFailed,    // child `index` failed with `error`; the others keep running until told
    kChildrenDone,   // every child finished; `results` holds how each ended
  };
  Kind kind = Kind::kTimer;
  boost::json::value value;
  Status error;
  bool heartbeat = false;
  size_t index = 0;
  std::vector<ChildResult> results;
  std::string worker_name;
};

class State {
 public:
  virtual ~State() = default;

  const std::string& name() const { return name_; }
  StateType type() const { return type_; }
  // "/States/Name" (or deeper for states inside branches): where diagnostics point.
  const std::string& location() const { return location_; }
  const std::string& comment() const { return comment_; }

  // The state Next names (nullptr when the state ends its branch).
  const State* next() const { return next_; }
  bool is_end() const { return end_; }
  const DataFlow& flow() const { return flow_; }
  const std::vector<Retrier>& retriers() const { return retriers_; }
  const std::vector<Catcher>& catchers() const { return catchers_; }

  // History event types written when the interpreter enters and leaves this state
  // ("PassStateEntered"); exited is empty for states that never exit (Fail).
  virtual std::string_view entered_event() const = 0;
  virtual std::string_view exited_event() const = 0;

  // --- definition time ---
  // Reads the state's fields; reports problems through the parser's diagnostics.
  virtual void Parse(StateParser& parser) = 0;
  // Resolves state names (Next, Catch targets, Choice targets) within the state's graph.
  virtual void Link(StateLinker& linker);
  // Every state this one can transition to (for reachability).
  virtual std::vector<const State*> Successors() const;
  // Deepest nesting of child graphs below this state (Parallel, Map), for TOO_DEEPLY_NESTED.
  virtual int ChildDepth() const { return 0; }

  // --- run time ---
  // Runs the state once it has been entered (StateEntered is already written) and again for
  // each retry. Must end in exactly one StateRun outcome or suspension.
  virtual void Run(StateRun& run) const = 0;
  // Continues a suspended run. The default fails with States.Runtime (nothing to resume).
  virtual void Resume(StateRun& run, Wakeup& wakeup) const;

  // Set by the definition parser.
  void Initialize(std::string name, StateType type, std::string location) {
    name_ = std::move(name);
    type_ = type;
    location_ = std::move(location);
  }

 protected:
  // Data-flow fields a state type supports (bit mask for ParseDataFlow).
  enum FlowField : unsigned {
    kInputPath = 1,
    kParameters = 2,
    kResultSelector = 4,
    kResultPath = 8,
    kOutputPath = 16,
    kAssign = 32,
  };

  // Shared parsing for the fields most states have. Each state calls the ones it supports.
  void ParseDataFlow(StateParser& parser, unsigned fields);
  void ParseTransition(StateParser& parser);   // Next / End
  void ParseComment(StateParser& parser);
  void ParseErrorHandling(StateParser& parser);  // Retry / Catch
  // The tail of the states that produce a result (Task, Parallel, Map): Assign from the raw
  // result, ResultSelector, ResultPath into the raw input, OutputPath, then the transition.
  void CompleteWithResult(StateRun& run, boost::json::value result) const;

  std::string name_;
  StateType type_ = StateType::kPass;
  std::string location_;
  std::string comment_;
  std::string next_name_;
  const State* next_ = nullptr;
  bool end_ = false;
  DataFlow flow_;
  std::vector<Retrier> retriers_;
  std::vector<Catcher> catchers_;
};

}  // namespace sluice::states
