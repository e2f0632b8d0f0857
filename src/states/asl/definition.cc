// Definition parsing and validation: see definition.h.
#include "states/asl/definition.h"

#include <set>

#include <fmt/format.h>

#include "common/json.h"
#include "states/types/registry.h"
#include "states/types/state.h"
#include "states/types/state_parser.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr int kMaxGraphDepth = 16;     // Parallel/Map nesting
constexpr size_t kMaxStateNameLength = 80;
constexpr size_t kMaxStates = 10000;

bool HasTerminalState(const StateGraph& graph) {
  for (const auto& state : graph.states()) {
    if (state->is_end() || state->type() == StateType::kSucceed || state->type() == StateType::kFail) return true;
  }
  return false;
}

}  // namespace

// Walks a definition document, creating and linking states. One instance per Parse call.
class DefinitionParser {
 public:
  DefinitionParser(const DefinitionOptions& options, Diagnostics& diagnostics, Definition& definition)
      : options_(options), diagnostics_(diagnostics), definition_(definition) {}

  Diagnostics& diagnostics() { return diagnostics_; }
  const DefinitionOptions& options() const { return options_; }
  void NoteVariables() { definition_.uses_variables_ = true; }

  void ParseTop(const json::object& top) {
    for (const auto& member : top) {
      std::string_view key = member.key();
      if (key != "Comment" && key != "StartAt" && key != "States" && key != "TimeoutSeconds" && key != "Version" &&
          key != "QueryLanguage") {
        diagnostics_.Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", key), "/");
      }
    }
    if (auto language = GetString(top, "QueryLanguage"); language && *language != "JSONPath") {
      diagnostics_.Error(codes::kSchemaValidationFailed,
                         *language == "JSONata"
                             ? "QueryLanguage 'JSONata' is not supported by Sluice yet; use JSONPath"
                             : fmt::format("The value for the field 'QueryLanguage' must be JSONPath or JSONata"),
                         "/QueryLanguage");
    }
    if (auto comment = GetString(top, "Comment")) definition_.comment_ = std::string(*comment);
    if (const json::value* timeout = FindMember(top, "TimeoutSeconds")) {
      auto seconds = GetInt(top, "TimeoutSeconds");
      if (!timeout->is_number() || !seconds || *seconds < 0 || *seconds > 99999999) {
        diagnostics_.Error(codes::kSchemaValidationFailed,
                           "The value for the field 'TimeoutSeconds' must be a non-negative integer", "/TimeoutSeconds");
      } else {
        definition_.timeout_seconds_ = *seconds;
      }
    }
    std::vector<std::string_view> missing;
    if (!top.contains("StartAt")) missing.push_back("StartAt");
    if (!top.contains("States")) missing.push_back("States");
    if (!missing.empty()) {
      diagnostics_.Error(codes::kSchemaValidationFailed,
                         fmt::format("These fields are required: [{}]", fmt::join(missing, ", ")), "/");
      return;
    }
    definition_.graph_ = ParseGraphAt(top, "", 0);
  }

  // Parses {"StartAt", "States"}; `prefix` is the location of the object ("" at the top).
  std::unique_ptr<StateGraph> ParseGraphAt(const json::object& object, const std::string& prefix, int depth) {
    auto graph = std::make_unique<StateGraph>();
    graph->id_ = static_cast<int>(definition_.graphs_.size());
    definition_.graphs_.push_back(graph.get());
    graph->location_ = prefix + "/States";
    if (depth > kMaxGraphDepth) {
      diagnostics_.Error(codes::kTooDeeplyNested, "The state machine is nested too deeply", prefix.empty() ? "/" : prefix);
      return graph;
    }
    auto start_at = GetString(object, "StartAt");
    if (!start_at) {
      diagnostics_.Error(codes::kSchemaValidationFailed, "The value for the field 'StartAt' must be a STRING",
                         prefix + "/StartAt");
    } else {
      graph->start_at_ = std::string(*start_at);
    }
    const json::object* states = GetObject(object, "States");
    if (!states) {
      diagnostics_.Error(codes::kSchemaValidationFailed, "The value for the field 'States' must be an OBJECT",
                         prefix + "/States");
      return graph;
    }
    for (const auto& member : *states) {
      std::string name(member.key());
      std::string location = prefix + "/States/" + name;
      if (name.empty() || name.size() > kMaxStateNameLength) {
        diagnostics_.Error(codes::kInvalidStateName,
                           fmt::format("State name '{}' must be between 1 and 80 characters long", name), location);
      }
      if (!all_names_.insert(name).second) {
        diagnostics_.Error(codes::kDuplicateStateName, fmt::format("Duplicate State name: {}", name), location);
        continue;
      }
      if (++definition_.state_count_ > kMaxStates) {
        diagnostics_.Error(codes::kSchemaValidationFailed, "The state machine has too many states", location);
        return graph;
      }
      if (!member.value().is_object()) {
        diagnostics_.Error(codes::kSchemaValidationFailed, "A state must be an OBJECT", location);
        continue;
      }
      const json::object& spec = member.value().get_object();
      auto type_name = GetString(spec, "Type");
      if (!type_name) {
        diagnostics_.Error(codes::kSchemaValidationFailed, "These fields are required: [Type]", location);
        continue;
      }
      auto created = CreateState(*type_name);
      if (!created) {
        diagnostics_.Error(codes::kSchemaValidationFailed,
                           fmt::format("The value for the field 'Type' must be one of [Pass, Task, Choice, Wait, "
                                       "Succeed, Fail, Parallel, Map] but was '{}'",
                                       *type_name),
                           location + "/Type");
        continue;
      }
      if (auto language = GetString(spec, "QueryLanguage"); language && *language != "JSONPath") {
        diagnostics_.Error(codes::kSchemaValidationFailed,
                           "QueryLanguage 'JSONata' is not supported by Sluice yet; use JSONPath",
                           location + "/QueryLanguage");
      }
      created->state->Initialize(name, created->type, location);
      depth_ = depth;
      StateParser parser(*this, spec, location);
      created->state->Parse(parser);
      graph->by_name_[name] = created->state.get();
      graph->states_.push_back(std::move(created->state));
    }
    Link(*graph, prefix);
    return graph;
  }

  void Link(StateGraph& graph, const std::string& prefix) {
    StateLinker linker(graph, diagnostics_, options_, &externals_);
    if (!graph.start_at_.empty()) {
      graph.start_ = graph.Find(graph.start_at_);
      if (!graph.start_) {
        diagnostics_.Error(codes::kMissingTransitionTarget, fmt::format("Missing 'Next' target: {}", graph.start_at_),
                           prefix + "/StartAt");
      }
    }
    for (const auto& state : graph.states_) state->Link(linker);
    if (!graph.start_ || graph.states_.empty()) return;
    // Reachability from StartAt.
    std::set<const State*> reached;
    std::vector<const State*> pending{graph.start_};
    while (!pending.empty()) {
      const State* state = pending.back();
      pending.pop_back();
      if (!state || !reached.insert(state).second) continue;
      for (const State* successor : state->Successors()) pending.push_back(successor);
    }
    for (const auto& state : graph.states_) {
      if (!reached.contains(state.get())) {
        diagnostics_.Error(codes::kMissingTransitionTarget, fmt::format("State \"{}\" is not reachable.", state->name()),
                           state->location());
      }
    }
    if (!HasTerminalState(graph) && !options_.allow_external_targets) {
      diagnostics_.Error(codes::kMissingEndState, "Workflow has no terminal state", "");
    }
  }

  int depth() const { return depth_; }

 private:
  const DefinitionOptions& options_;
  Diagnostics& diagnostics_;
  Definition& definition_;
  std::set<std::string> all_names_;
  std::vector<std::unique_ptr<State>> externals_;
  int depth_ = 0;

 public:
  std::unique_ptr<StateGraph> TakeExternalGraph() {
    auto holder = std::make_unique<StateGraph>();
    holder->location_ = "/External";
    for (auto& state : externals_) holder->by_name_[state->name()] = state.get();
    holder->states_ = std::move(externals_);
    return holder;
  }
};

// --- StateParser ---

Diagnostics& StateParser::diagnostics() { return definition_.diagnostics(); }
const DefinitionOptions& StateParser::options() const { return definition_.options(); }
void StateParser::NoteVariables() { definition_.NoteVariables(); }

void StateParser::AllowOnly(std::initializer_list<std::string_view> allowed) {
  for (const auto& member : spec_) {
    std::string_view key = member.key();
    if (key == "Type" || key == "Comment" || key == "QueryLanguage") continue;
    bool known = false;
    for (auto name : allowed) known = known || key == name;
    if (!known) Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", key));
  }
}

const json::value* StateParser::Find(std::string_view field) const {
  auto it = spec_.find(field);
  return it == spec_.end() ? nullptr : &it->value();
}

std::optional<std::string> StateParser::String(std::string_view field) {
  const json::value* value = Find(field);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    Error(codes::kSchemaValidationFailed, fmt::format("The value for the field '{}' must be a STRING", field),
          location_ + "/" + std::string(field));
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::optional<int64_t> StateParser::Integer(std::string_view field, int64_t min, int64_t max) {
  const json::value* value = Find(field);
  if (!value) return std::nullopt;
  auto number = GetInt(spec_, field);
  if (!value->is_number() || !number || *number < min || *number > max) {
    Error(codes::kSchemaValidationFailed,
          fmt::format("The value for the field '{}' must be an INTEGER between {} and {}", field, min, max),
          location_ + "/" + std::string(field));
    return std::nullopt;
  }
  return number;
}

std::optional<double> StateParser::Number(std::string_view field, double min, double max) {
  const json::value* value = Find(field);
  if (!value) return std::nullopt;
  auto number = AsNumber(*value);
  if (!number || *number < min || *number > max) {
    Error(codes::kSchemaValidationFailed,
          fmt::format("The value for the field '{}' must be a NUMBER between {} and {}", field, min, max),
          location_ + "/" + std::string(field));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> StateParser::Boolean(std::string_view field) {
  const json::value* value = Find(field);
  if (!value) return std::nullopt;
  if (!value->is_bool()) {
    Error(codes::kSchemaValidationFailed, fmt::format("The value for the field '{}' must be a BOOLEAN", field),
          location_ + "/" + std::string(field));
    return std::nullopt;
  }
  return value->get_bool();
}

void StateParser::Require(std::initializer_list<std::string_view> fields) {
  std::vector<std::string_view> missing;
  for (auto field : fields) {
    if (!spec_.contains(field)) missing.push_back(field);
  }
  if (!missing.empty()) {
    Error(codes::kSchemaValidationFailed, fmt::format("These fields are required: [{}]", fmt::join(missing, ", ")));
  }
}

int StateParser::AtMostOne(std::initializer_list<std::string_view> fields) {
  std::vector<std::string_view> present;
  for (auto field : fields) {
    if (spec_.contains(field)) present.push_back(field);
  }
  if (present.size() > 1) {
    Error(codes::kSchemaValidationFailed,
          fmt::format("Only one of these fields may be given: [{}]", fmt::join(present, ", ")));
  }
  return static_cast<int>(present.size());
}

void StateParser::Error(std::string_view code, std::string message, std::string location) {
  diagnostics().Error(code, std::move(message), location.empty() ? location_ : std::move(location));
}

std::unique_ptr<StateGraph> StateParser::ParseGraph(const json::value& spec, const std::string& location) {
  if (!spec.is_object()) {
    Error(codes::kSchemaValidationFailed, "A branch must be an OBJECT with StartAt and States", location);
    return std::make_unique<StateGraph>();
  }
  const json::object& object = spec.get_object();
  for (const auto& member : object) {
    std::string_view key = member.key();
    if (key != "StartAt" && key != "States" && key != "Comment" && key != "ProcessorConfig" &&
        key != "QueryLanguage") {
      Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", key), location);
    }
  }
  std::vector<std::string_view> missing;
  if (!object.contains("StartAt")) missing.push_back("StartAt");
  if (!object.contains("States")) missing.push_back("States");
  if (!missing.empty()) {
    Error(codes::kSchemaValidationFailed, fmt::format("These fields are required: [{}]", fmt::join(missing, ", ")),
          location);
  }
  int saved = definition_.depth();
  auto graph = definition_.ParseGraphAt(object, location, saved + 1);
  return graph;
}

// --- StateLinker ---

const State* StateLinker::Resolve(const std::string& name, const std::string& location) {
  if (const State* state = graph_.Find(name)) return state;
  if (options_.allow_external_targets) {
    auto external = MakeExternalState(name);
    const State* pointer = external.get();
    externals_->push_back(std::move(external));
    return pointer;
  }
  diagnostics_.Error(codes::kMissingTransitionTarget, fmt::format("Missing 'Next' target: {}", name), location);
  return nullptr;
}

// --- StateGraph ---

StateGraph::StateGraph() = default;
StateGraph::~StateGraph() = default;

const State* StateGraph::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

// --- Definition ---

const StateGraph* Definition::GraphById(int id) const {
  if (id < 0 || static_cast<size_t>(id) >= graphs_.size()) return nullptr;
  return graphs_[static_cast<size_t>(id)];
}

std::shared_ptr<const Definition> Definition::Parse(std::string_view text, const DefinitionOptions& options,
                                                    Diagnostics& diagnostics) {
  if (text.size() > options.max_bytes) {
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The definition is {} bytes long; the limit is {} bytes", text.size(),
                                  options.max_bytes),
                      "/");
    return nullptr;
  }
  auto parsed = ParseJson(text, JsonLimits{options.max_bytes, 128});
  if (!parsed.ok()) {
    diagnostics.Error(codes::kInvalidJson, parsed.status().message(), "-");
    return nullptr;
  }
  if (!parsed->is_object()) {
    diagnostics.Error(codes::kSchemaValidationFailed, "The definition must be a JSON OBJECT", "/");
    return nullptr;
  }
  auto definition = std::make_shared<Definition>();
  definition->text_ = std::string(text);
  definition->document_ = std::move(*parsed);
  DefinitionParser parser(options, diagnostics, *definition);
  parser.ParseTop(definition->document_.get_object());
  if (diagnostics.has_errors() || !definition->graph_) return nullptr;
  // External targets (TestState) must live as long as the definition's states.
  definition->externals_ = parser.TakeExternalGraph();
  return definition;
}

}  // namespace sluice::states
