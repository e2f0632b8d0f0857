// Data flow through a state: see data_flow.h.
#include "states/asl/data_flow.h"

#include <fmt/format.h>

#include "states/asl/json_text.h"
#include "states/asl/state_error.h"

namespace sluice::states {

namespace json = boost::json;

std::string InvalidPathCause(const JsonPath& path) {
  return fmt::format("Invalid path '{}' : No results for path: {}", path.text(), path.NormalizedText());
}

OptionalPath ParsePathField(const json::object& state, std::string_view field, const std::string& location,
                            bool reference_only, Diagnostics& diagnostics) {
  OptionalPath result;
  auto it = state.find(field);
  if (it == state.end()) return result;
  if (it->value().is_null()) {
    result.is_null = true;
    return result;
  }
  if (!it->value().is_string()) {
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The value for the field '{}' must be a STRING", field), location);
    return result;
  }
  auto path = JsonPath::Parse(std::string_view(it->value().get_string()));
  bool ok = path.ok();
  if (ok && reference_only) ok = path->definite() && path->root() == PathRoot::kInput;
  if (ok && path->root() == PathRoot::kVariable && field != "InputPath" && field != "OutputPath") ok = false;
  if (!ok) {
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The value for the field '{}' must be a valid JSONPath", field), location);
    return result;
  }
  result.path = std::move(*path);
  return result;
}

Result<json::value> DataFlow::ApplyInputPath(const json::value& raw) const {
  if (input_path.is_null) return json::value(json::object());
  if (!input_path.path || input_path.path->is_root()) return raw;
  auto selected = input_path.path->Select(raw);
  if (!selected) return StateError(errors::kRuntime, InvalidPathCause(*input_path.path));
  return std::move(*selected);
}

Result<json::value> DataFlow::EffectiveInput(const json::value& raw, PathScope& scope) const {
  if (!parameters) return ApplyInputPath(raw);
  if (!input_path.present() || (input_path.path && input_path.path->is_root())) {
    return parameters->Evaluate(raw, scope);  // no copy of the raw input
  }
  ASSIGN_OR_RETURN(json::value filtered, ApplyInputPath(raw));
  return parameters->Evaluate(filtered, scope);
}

Result<json::value> DataFlow::SelectResult(json::value result, PathScope& scope) const {
  if (!result_selector) return result;
  return result_selector->Evaluate(result, scope);
}

Result<json::value> DataFlow::PlaceResult(json::value raw_input, json::value result) const {
  if (result_path.is_null) return raw_input;
  if (!result_path.path || result_path.path->is_root()) return result;
  Status placed = result_path.path->Assign(raw_input, std::move(result));
  if (!placed.ok()) return StateError(errors::kResultPathMatchFailure, placed.message());
  return raw_input;
}

Result<json::value> DataFlow::ApplyOutputPath(json::value output) const {
  if (output_path.is_null) return json::value(json::object());
  if (!output_path.path || output_path.path->is_root()) return output;
  auto selected = output_path.path->Select(output);
  if (!selected) return StateError(errors::kRuntime, InvalidPathCause(*output_path.path));
  return std::move(*selected);
}

Result<json::object> DataFlow::EvaluateAssign(const json::value& value, PathScope& scope) const {
  if (!assign) return json::object();
  ASSIGN_OR_RETURN(json::value assigned, assign->Evaluate(value, scope));
  if (!assigned.is_object()) return json::object();
  return std::move(assigned.get_object());
}

}  // namespace sluice::states
