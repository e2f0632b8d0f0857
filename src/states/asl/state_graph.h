// A set of states with a start: the whole state machine, one branch of a Parallel state, or
// the ItemProcessor of a Map state. Transitions only ever go to states of the same graph.
//
// Thread safety: immutable after the definition is parsed.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::states {

class State;

class StateGraph {
 public:
  StateGraph();
  ~StateGraph();
  StateGraph(const StateGraph&) = delete;
  StateGraph& operator=(const StateGraph&) = delete;

  const State* start() const { return start_; }
  const std::string& start_at() const { return start_at_; }
  // "/States" or "/States/P/Branches[0]/States": where the graph sits in the definition.
  const std::string& location() const { return location_; }
  // The state named `name`, or nullptr.
  const State* Find(std::string_view name) const;
  const std::vector<std::unique_ptr<State>>& states() const { return states_; }
  // A stable number for the graph within its definition (depth-first order), used to name the
  // graph in execution snapshots.
  int id() const { return id_; }

 private:
  friend class DefinitionParser;
  std::string start_at_;
  const State* start_ = nullptr;
  std::string location_;
  std::vector<std::unique_ptr<State>> states_;
  std::map<std::string, State*, std::less<>> by_name_;
  int id_ = 0;
};

}  // namespace sluice::states
