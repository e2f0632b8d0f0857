// Fail state: see fail_state.h.
#include "states/types/fail_state.h"

#include <fmt/format.h>

#include "states/asl/data_flow.h"
#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

std::optional<FailState::Source> FailState::ParseSource(StateParser& parser, std::string_view field,
                                                        std::string_view path_field) {
  if (parser.Find(field) && parser.Find(path_field)) {
    parser.Error(codes::kSchemaValidationFailed,
                 fmt::format("Only one of these fields may be given: [{}, {}]", field, path_field));
  }
  if (auto text = parser.String(field)) return Source{*text, std::nullopt, std::string(field)};
  auto text = parser.String(path_field);
  if (!text) return std::nullopt;
  auto compiled = DynamicValue::Compile(*text, path_field, parser.location() + "/" + std::string(path_field),
                                        parser.diagnostics());
  if (!compiled) return std::nullopt;
  Source source;
  source.field = std::string(path_field);
  source.dynamic = std::move(*compiled);
  return source;
}

void FailState::Parse(StateParser& parser) {
  parser.AllowOnly({"Error", "ErrorPath", "Cause", "CausePath"});
  ParseComment(parser);
  error_ = ParseSource(parser, "Error", "ErrorPath");
  cause_ = ParseSource(parser, "Cause", "CausePath");
}

Result<std::optional<std::string>> FailState::Evaluate(const std::optional<Source>& source, StateRun& run) {
  if (!source) return std::optional<std::string>();
  if (source->text) return source->text;
  ASSIGN_OR_RETURN(auto selected, source->dynamic->Evaluate(run.input(), run));
  if (!selected) return StateError(errors::kRuntime, InvalidPathCause(*source->dynamic->path));
  boost::json::value value = std::move(*selected);
  if (!value.is_string()) {
    return StateError(errors::kRuntime,
                      fmt::format("The value of the field '{}' must be a STRING", source->field));
  }
  return std::optional<std::string>(std::string(value.get_string()));
}

void FailState::Run(StateRun& run) const {
  auto error = Evaluate(error_, run);
  if (!error.ok()) return run.Fail(error.TakeStatus());
  auto cause = Evaluate(cause_, run);
  if (!cause.ok()) return run.Fail(cause.TakeStatus());
  // A Fail state's error is final for its branch: Retry and Catch do not apply here, but an
  // enclosing Parallel or Map may catch it. An absent Error or Cause stays absent.
  Status status = StateError(error->value_or(""), cause->value_or(""));
  if (!cause->has_value()) status = status.WithDetail("no_cause", "true");
  run.Fail(std::move(status));
}

}  // namespace sluice::states
