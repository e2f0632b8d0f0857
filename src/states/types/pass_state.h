// Pass: passes its input to its output, optionally injecting a fixed Result or a Parameters
// payload (and assigning variables). Events: PassStateEntered, PassStateExited.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <optional>

#include "states/types/state.h"

namespace sluice::states {

class PassState final : public State {
 public:
  std::string_view entered_event() const override { return "PassStateEntered"; }
  std::string_view exited_event() const override { return "PassStateExited"; }
  void Parse(StateParser& parser) override;
  void Run(StateRun& run) const override;

 private:
  std::optional<boost::json::value> result_;
  bool plain_ = false;  // no data-flow fields at all: output = input, no copy
};

}  // namespace sluice::states
