// Parallel: runs every branch on the same input and outputs the array of their outputs. If a
// branch fails, the others are stopped and the state fails with that branch's error (Retry and
// Catch apply). Events: ParallelStateEntered, ParallelStateStarted, the branches' events,
// ParallelStateSucceeded | ParallelStateFailed, ParallelStateExited.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <memory>
#include <vector>

#include "states/asl/state_graph.h"
#include "states/types/state.h"

namespace sluice::states {

class ParallelState final : public State {
 public:
  std::string_view entered_event() const override { return "ParallelStateEntered"; }
  std::string_view exited_event() const override { return "ParallelStateExited"; }
  void Parse(StateParser& parser) override;
  int ChildDepth() const override;
  void Run(StateRun& run) const override;
  void Resume(StateRun& run, Wakeup& wakeup) const override;

 private:
  std::vector<std::unique_ptr<StateGraph>> branches_;
};

}  // namespace sluice::states
