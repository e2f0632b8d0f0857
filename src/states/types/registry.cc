// The state type registry: see registry.h. One line per state type.
#include "states/types/registry.h"

#include <functional>
#include <map>

#include "states/asl/state_error.h"
#include "states/types/choice_state.h"
#include "states/types/fail_state.h"
#include "states/types/map_state.h"
#include "states/types/parallel_state.h"
#include "states/types/pass_state.h"
#include "states/types/state_run.h"
#include "states/types/succeed_state.h"
#include "states/types/task_state.h"
#include "states/types/wait_state.h"

namespace sluice::states {

namespace {

struct Entry {
  StateType type;
  std::function<std::unique_ptr<State>()> make;
};

const std::map<std::string, Entry, std::less<>>& Registry() {
  static const std::map<std::string, Entry, std::less<>> registry = {
      {"Pass", {StateType::kPass, [] { return std::make_unique<PassState>(); }}},
      {"Task", {StateType::kTask, [] { return std::make_unique<TaskState>(); }}},
      {"Choice", {StateType::kChoice, [] { return std::make_unique<ChoiceState>(); }}},
      {"Wait", {StateType::kWait, [] { return std::make_unique<WaitState>(); }}},
      {"Succeed", {StateType::kSucceed, [] { return std::make_unique<SucceedState>(); }}},
      {"Fail", {StateType::kFail, [] { return std::make_unique<FailState>(); }}},
      {"Parallel", {StateType::kParallel, [] { return std::make_unique<ParallelState>(); }}},
      {"Map", {StateType::kMap, [] { return std::make_unique<MapState>(); }}},
  };
  return registry;
}

// A transition target outside the definition (TestState): reaching it ends the run.
class ExternalState final : public State {
 public:
  std::string_view entered_event() const override { return ""; }
  std::string_view exited_event() const override { return ""; }
  void Parse(StateParser&) override {}
  void Run(StateRun& run) const override { run.Transition(nullptr, run.TakeInput()); }
};

}  // namespace

std::optional<CreatedState> CreateState(std::string_view type_name) {
  auto it = Registry().find(type_name);
  if (it == Registry().end()) return std::nullopt;
  return CreatedState{it->second.type, it->second.make()};
}

std::unique_ptr<State> MakeExternalState(const std::string& name) {
  auto state = std::make_unique<ExternalState>();
  state->Initialize(name, StateType::kPass, "/External/" + name);
  return state;
}

bool IsExternalState(const State* state) { return dynamic_cast<const ExternalState*>(state) != nullptr; }

}  // namespace sluice::states
