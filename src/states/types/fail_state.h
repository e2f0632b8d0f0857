// Fail: stops its branch (or the execution) with an error and cause, fixed (Error, Cause) or
// taken from the input (ErrorPath, CausePath: paths or intrinsic functions). Event:
// FailStateEntered (there is no exit).
//
// Thread safety: immutable after parsing (see state.h).
#pragma once

#include <memory>
#include <optional>

#include "states/asl/dynamic_value.h"
#include "states/types/state.h"

namespace sluice::states {

class FailState final : public State {
 public:
  std::string_view entered_event() const override { return "FailStateEntered"; }
  std::string_view exited_event() const override { return ""; }
  void Parse(StateParser& parser) override;
  void Run(StateRun& run) const override;

 private:
  // A fixed string, or a path or intrinsic function.
  struct Source {
    std::optional<std::string> text;
    std::optional<DynamicValue> dynamic;
    std::string field;
  };
  static std::optional<Source> ParseSource(StateParser& parser, std::string_view field, std::string_view path_field);
  static Result<std::optional<std::string>> Evaluate(const std::optional<Source>& source, StateRun& run);

  std::optional<Source> error_;
  std::optional<Source> cause_;
};

}  // namespace sluice::states
