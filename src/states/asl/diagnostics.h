// Problems found in a state machine definition, as ValidateStateMachineDefinition reports them
// (severity, code, message, location) and as CreateStateMachine folds them into one
// InvalidDefinition message:
//   Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at
//   /States/A/Next, SCHEMA_VALIDATION_FAILED: ... at /States/C'
//
// Thread safety: a Diagnostics object belongs to one parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::states {

// Diagnostic codes AWS uses (ValidateStateMachineDefinition).
namespace codes {
inline constexpr std::string_view kInvalidJson = "INVALID_JSON_DESCRIPTION";
inline constexpr std::string_view kSchemaValidationFailed = "SCHEMA_VALIDATION_FAILED";
inline constexpr std::string_view kInvalidResource = "INVALID_RESOURCE";
inline constexpr std::string_view kMissingEndState = "MISSING_END_STATE";
inline constexpr std::string_view kDuplicateStateName = "DUPLICATE_STATE_NAME";
inline constexpr std::string_view kInvalidStateName = "INVALID_STATE_NAME";
inline constexpr std::string_view kMissingTransitionTarget = "MISSING_TRANSITION_TARGET";
inline constexpr std::string_view kTooDeeplyNested = "TOO_DEEPLY_NESTED";
inline constexpr std::string_view kInvalidJsonPath = "INVALID_JSON_PATH";  // reported as schema failures too
inline constexpr std::string_view kNoDollar = "NO_DOLLAR";
inline constexpr std::string_view kNoPath = "NO_PATH";
inline constexpr std::string_view kPassResultIsStatic = "PASS_RESULT_IS_STATIC";
}  // namespace codes

struct Diagnostic {
  std::string severity;  // "ERROR" or "WARNING"
  std::string code;
  std::string message;
  // Where in the definition: "/States/A/Next", "/States/A/Catch[0]"; "" when AWS gives none
  // ("at null"), "-" when it gives no location at all (malformed JSON).
  std::string location;
};

class Diagnostics {
 public:
  void Error(std::string_view code, std::string message, std::string location);
  void Warning(std::string_view code, std::string message, std::string location);

  bool has_errors() const { return errors_ > 0; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // "Invalid State Machine Definition: 'CODE: message at /loc, ...'" over the errors.
  std::string InvalidDefinitionMessage() const;

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

}  // namespace sluice::states
