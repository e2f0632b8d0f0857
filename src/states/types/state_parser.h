// The definition parser's view for one state: its JSON object, where it is, typed field access
// that reports problems the way AWS words them, and the parsing of nested graphs (Parallel
// branches, Map ItemProcessor). Also StateLinker, which resolves state names after a graph is
// parsed.
//
// Thread safety: used by one parse at a time.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "states/asl/definition.h"
#include "states/asl/diagnostics.h"
#include "states/asl/state_graph.h"

namespace sluice::states {

class DefinitionParser;
class State;

class StateParser {
 public:
  StateParser(DefinitionParser& definition, const boost::json::object& spec, std::string location)
      : definition_(definition), spec_(spec), location_(std::move(location)) {}

  const boost::json::object& spec() const { return spec_; }
  const std::string& location() const { return location_; }
  Diagnostics& diagnostics();
  const DefinitionOptions& options() const;

  // Reports every member not in `allowed` (plus "Type" and "Comment", always allowed) as
  // "Field 'X' is not supported".
  void AllowOnly(std::initializer_list<std::string_view> allowed);
  // A member, or nullptr when absent.
  const boost::json::value* Find(std::string_view field) const;
  // Typed reads; a present member of the wrong type is reported and read as absent.
  std::optional<std::string> String(std::string_view field);
  std::optional<int64_t> Integer(std::string_view field, int64_t min, int64_t max);
  std::optional<double> Number(std::string_view field, double min, double max);
  std::optional<bool> Boolean(std::string_view field);
  // Reports "These fields are required: [a, b]" for the missing ones.
  void Require(std::initializer_list<std::string_view> fields);
  // Reports that at most one of `fields` may be present; returns how many are.
  int AtMostOne(std::initializer_list<std::string_view> fields);
  void Error(std::string_view code, std::string message, std::string location = "");

  // Parses {"StartAt", "States"} at `location` as a nested graph.
  std::unique_ptr<StateGraph> ParseGraph(const boost::json::value& spec, const std::string& location);
  // Records that the definition refers to workflow variables.
  void NoteVariables();

 private:
  DefinitionParser& definition_;
  const boost::json::object& spec_;
  std::string location_;
};

class StateLinker {
 public:
  StateLinker(const StateGraph& graph, Diagnostics& diagnostics, const DefinitionOptions& options,
              std::vector<std::unique_ptr<State>>* externals)
      : graph_(graph), diagnostics_(diagnostics), options_(options), externals_(externals) {}

  // The state named `name` in the graph. Unknown names are reported as
  // "Missing 'Next' target: X" at `location` (or, for TestState, become external targets).
  const State* Resolve(const std::string& name, const std::string& location);

 private:
  const StateGraph& graph_;
  Diagnostics& diagnostics_;
  const DefinitionOptions& options_;
  std::vector<std::unique_ptr<State>>* externals_;
};

}  // namespace sluice::states
