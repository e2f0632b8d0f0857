// Wait: delays for Seconds / SecondsPath, or until Timestamp / TimestampPath, then passes its
// input on. Holds no thread while waiting (the interpreter arms a timer; the --time-scale
// virtual clock shortens the wait). Events: WaitStateEntered, WaitStateExited.
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <optional>

#include "states/types/state.h"

namespace sluice::states {

class WaitState final : public State {
 public:
  std::string_view entered_event() const override { return "WaitStateEntered"; }
  std::string_view exited_event() const override { return "WaitStateExited"; }
  void Parse(StateParser& parser) override;
  void Run(StateRun& run) const override;
  void Resume(StateRun& run, Wakeup& wakeup) const override;

 private:
  std::optional<int64_t> seconds_;
  std::optional<JsonPath> seconds_path_;
  std::optional<int64_t> timestamp_micros_;
  std::optional<JsonPath> timestamp_path_;
};

}  // namespace sluice::states
