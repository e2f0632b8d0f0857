// Choice: picks the next state by the first rule (Choices) that holds for the input, else
// Default; with neither, fails with States.NoChoiceMatched. Events: ChoiceStateEntered,
// ChoiceStateExited.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <memory>
#include <vector>

#include "states/asl/choice_rule.h"
#include "states/types/state.h"

namespace sluice::states {

class ChoiceState final : public State {
 public:
  std::string_view entered_event() const override { return "ChoiceStateEntered"; }
  std::string_view exited_event() const override { return "ChoiceStateExited"; }
  void Parse(StateParser& parser) override;
  void Link(StateLinker& linker) override;
  std::vector<const State*> Successors() const override;
  void Run(StateRun& run) const override;

 private:
  std::vector<std::unique_ptr<ChoiceRule>> rules_;
  std::vector<const State*> targets_;  // per rule, resolved
  std::string default_name_;
  const State* default_ = nullptr;
};

}  // namespace sluice::states
