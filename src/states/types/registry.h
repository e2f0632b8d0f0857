// The registry of ASL state types: "Type" name → factory. Adding a state type is one line in
// registry.cc (see ADDING_A_STATE.md).
//
// Thread safety: the registry is a constant table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "states/types/state.h"

namespace sluice::states {

struct CreatedState {
  StateType type;
  std::unique_ptr<State> state;
};

// A new, unparsed state of the type named `type_name` ("Pass"), or nullopt for unknown types.
std::optional<CreatedState> CreateState(std::string_view type_name);

// A stand-in for a transition target outside the definition (TestState's nextState).
std::unique_ptr<State> MakeExternalState(const std::string& name);
// True for states made by MakeExternalState.
bool IsExternalState(const State* state);

}  // namespace sluice::states
