// TestState: runs one state on a given input, as AWS's testing API does — the real state logic
// and the real integration (or a mocked result or error), no waiting, no retries — and reports
// the output, the error, where the state would go next, and the data at each step of its
// input/output processing.
#include <fmt/format.h>

#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"
#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/types/state.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

// A PathScope over given variables and no context object (for the inspection data).
class InspectionScope final : public PathScope {
 public:
  explicit InspectionScope(const json::object& variables) : variables_(variables) {}
  const json::value& Context() override { return context_; }
  const json::value* Variable(std::string_view name) override {
    auto it = variables_.find(name);
    return it == variables_.end() ? nullptr : &it->value();
  }

 private:
  const json::object& variables_;
  json::value context_ = json::object();
};

Result<json::value> ParseMember(const std::optional<std::string>& text, std::string_view code, std::string_view what) {
  if (!text) return json::value(json::object());
  auto parsed = ParseJson(*text);
  if (!parsed.ok()) {
    return AwsError(std::string(code), 400, fmt::format("Invalid {}: '{}'", what, parsed.status().message()));
  }
  return std::move(*parsed);
}

Result<json::value> TestState(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string definition_text, RequiredString(input, "definition", 1, 1048576));
  ASSIGN_OR_RETURN(auto role, OptionalString(input, "roleArn", 1, 256));
  ASSIGN_OR_RETURN(auto state_input, OptionalString(input, "input", 0, 262144));
  ASSIGN_OR_RETURN(auto level, OptionalEnum(input, "inspectionLevel", {"INFO", "DEBUG", "TRACE"}));
  ASSIGN_OR_RETURN(auto variables_text, OptionalString(input, "variables", 0, 262144));
  ASSIGN_OR_RETURN(auto state_name, OptionalString(input, "stateName", 1, 80));

  auto parsed_definition = ParseJson(definition_text);
  if (!parsed_definition.ok() || !parsed_definition->is_object()) {
    return AwsError("InvalidDefinition", 400,
                    fmt::format("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: {}'",
                                parsed_definition.ok() ? "the definition must be an object"
                                                       : parsed_definition.status().message()));
  }
  // A whole state machine with stateName, or one state on its own.
  json::object& document = parsed_definition->get_object();
  json::value state_spec;
  std::string name = state_name.value_or("TestState");
  if (const json::object* states = GetObject(document, "States")) {
    if (!state_name) {
      return AwsError("ValidationException", 400, "stateName is required when the definition is a state machine");
    }
    const json::value* found = FindMember(*states, name);
    if (!found) return AwsError("ValidationException", 400, fmt::format("State '{}' is not in the definition", name));
    state_spec = *found;
  } else {
    state_spec = document;
  }
  if (state_spec.is_object()) {
    const json::object& spec = state_spec.get_object();
    if (auto resource = GetString(spec, "Resource")) {
      if (resource->find(":activity:") != std::string_view::npos) {
        return AwsError("ValidationException", 400, "TestState does not support activities");
      }
      if (resource->ends_with(".waitForTaskToken")) {
        return AwsError("ValidationException", 400, "TestState does not support the .waitForTaskToken pattern");
      }
    }
  }
  json::object machine{{"StartAt", name}, {"States", json::object{{name, state_spec}}}};
  Diagnostics diagnostics;
  DefinitionOptions options;
  options.allow_external_targets = true;
  auto definition = Definition::Parse(JsonText(machine), options, diagnostics);
  if (!definition) return AwsError("InvalidDefinition", 400, diagnostics.InvalidDefinitionMessage());

  std::string input_text = state_input.value_or("{}");
  ASSIGN_OR_RETURN(json::value input_value, ParseMember(state_input, "InvalidExecutionInput", "input"));
  ASSIGN_OR_RETURN(json::value variables, ParseMember(variables_text, "ValidationException", "variables"));
  if (!variables.is_object()) return AwsError("ValidationException", 400, "variables must be a JSON object");

  StartRequest request;
  request.machine_arn = api.MachineArn("TestState");
  request.machine_name = "TestState";
  request.role_arn = role.value_or("");
  request.name = "TestState";
  request.express = true;
  request.definition = definition;
  request.input_text = input_text;
  request.input = input_value;

  // Mocks replace the integration call.
  std::optional<json::value> mock_result;
  std::optional<std::pair<std::string, std::string>> mock_error;
  if (const json::object* mock = GetObject(input, "mock")) {
    if (auto result = GetString(*mock, "result")) {
      auto parsed = ParseJson(*result);
      if (!parsed.ok()) return AwsError("ValidationException", 400, "mock.result must be valid JSON");
      mock_result = std::move(*parsed);
    } else if (const json::object* error = GetObject(*mock, "errorOutput")) {
      mock_error = std::pair<std::string, std::string>(GetString(*error, "error").value_or(""),
                                                       GetString(*error, "cause").value_or(""));
    }
  }
  ASSIGN_OR_RETURN(StartResult started,
                   api.executor().StartSingleStep(std::move(request), std::move(mock_result), std::move(mock_error),
                                                  variables.get_object()));
  ExecutionOutcome outcome = started.execution->WaitForEnd();

  json::object response;
  response["status"] = outcome.test_status.empty() ? "FAILED" : outcome.test_status;
  if (outcome.output) response["output"] = *outcome.output;
  if (outcome.error) response["error"] = *outcome.error;
  if (outcome.cause) response["cause"] = *outcome.cause;
  if (!outcome.next_state.empty()) response["nextState"] = outcome.next_state;

  // The data at each step of the state's input and output processing.
  const State* state = definition->graph().start();
  const DataFlow& flow = state->flow();
  InspectionScope scope(variables.get_object());
  json::object inspection{{"input", input_text}};
  if (auto after_input = flow.ApplyInputPath(input_value); after_input.ok()) {
    inspection["afterInputPath"] = JsonText(*after_input);
    if (flow.parameters && state->type() != StateType::kMap) {
      if (auto after_parameters = flow.parameters->Evaluate(*after_input, scope); after_parameters.ok()) {
        inspection["afterParameters"] = JsonText(*after_parameters);
      }
    }
  }
  if (outcome.task_result) {
    inspection["result"] = JsonText(*outcome.task_result);
    if (auto selected = flow.SelectResult(*outcome.task_result, scope); selected.ok()) {
      inspection["afterResultSelector"] = JsonText(*selected);
      if (auto placed = flow.PlaceResult(input_value, std::move(*selected)); placed.ok()) {
        inspection["afterResultPath"] = JsonText(*placed);
      }
    }
  }
  if (!outcome.variables.empty()) inspection["variables"] = JsonText(outcome.variables);
  if (level.value_or("INFO") != "INFO" && outcome.error) {
    inspection["errorDetails"] = json::object{};
  }
  response["inspectionData"] = std::move(inspection);
  return json::value(std::move(response));
}

}  // namespace

void RegisterTestStateOperation(http::JsonService& service, StatesApi& api) {
  AddOperation(service, api, "TestState", TestState);
}

}  // namespace sluice::states
