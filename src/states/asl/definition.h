// A parsed, validated state machine definition: what CreateStateMachine stores and what every
// execution runs. Parsing reports every problem it finds (ValidateStateMachineDefinition shows
// them all; CreateStateMachine folds the errors into one InvalidDefinition message).
//
// Thread safety: a Definition is immutable and shared (shared_ptr) by all its executions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/diagnostics.h"
#include "states/asl/state_graph.h"

namespace sluice::states {

struct DefinitionOptions {
  bool express = false;  // EXPRESS machines refuse .sync, .waitForTaskToken and activities
  // TestState runs one state: transitions to states that are not in the definition are allowed
  // (they end the run and are reported as nextState).
  bool allow_external_targets = false;
  size_t max_bytes = 1 << 20;  // definitions larger than 1 MiB are refused, as AWS does
};

class Definition {
 public:
  // Parses `text`. Returns the definition when there are no errors (warnings may be present);
  // otherwise nullptr. Every problem goes to `diagnostics`.
  static std::shared_ptr<const Definition> Parse(std::string_view text, const DefinitionOptions& options,
                                                 Diagnostics& diagnostics);

  const std::string& text() const { return text_; }
  const boost::json::value& document() const { return document_; }
  const StateGraph& graph() const { return *graph_; }
  std::optional<int64_t> timeout_seconds() const { return timeout_seconds_; }
  const std::string& comment() const { return comment_; }
  // Every graph of the definition by id (0 is the top level).
  const StateGraph* GraphById(int id) const;
  // Names of every state, in definition order (depth-first).
  size_t state_count() const { return state_count_; }
  // Variable names referenced by state ($name paths) and assigned (Assign), for
  // DescribeStateMachine's variableReferences.
  bool uses_variables() const { return uses_variables_; }

 private:
  friend class DefinitionParser;
  std::string text_;
  boost::json::value document_;
  std::unique_ptr<StateGraph> graph_;
  std::unique_ptr<StateGraph> externals_;  // TestState's targets outside the definition
  std::vector<const StateGraph*> graphs_;
  std::optional<int64_t> timeout_seconds_;
  std::string comment_;
  size_t state_count_ = 0;
  bool uses_variables_ = false;
};

}  // namespace sluice::states
