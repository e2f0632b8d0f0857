// Succeed: ends its branch (or the execution) successfully. Events: SucceedStateEntered,
// SucceedStateExited.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include "states/types/state.h"

namespace sluice::states {

class SucceedState final : public State {
 public:
  std::string_view entered_event() const override { return "SucceedStateEntered"; }
  std::string_view exited_event() const override { return "SucceedStateExited"; }
  void Parse(StateParser& parser) override;
  void Run(StateRun& run) const override;
};

}  // namespace sluice::states
