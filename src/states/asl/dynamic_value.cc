// Paths and intrinsic calls in a definition: see dynamic_value.h.
#include "states/asl/dynamic_value.h"

#include <fmt/format.h>

namespace sluice::states {

std::optional<DynamicValue> DynamicValue::Compile(std::string_view text, std::string_view field,
                                                  const std::string& location, Diagnostics& diagnostics) {
  DynamicValue value;
  bool ok;
  if (LooksLikeIntrinsic(text)) {
    auto call = IntrinsicCall::Parse(text);
    ok = call.ok();
    if (ok) value.call = std::make_shared<const IntrinsicCall>(std::move(*call));
  } else {
    auto path = JsonPath::Parse(text);
    ok = path.ok();
    if (ok) value.path = std::move(*path);
  }
  if (!ok) {
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The value for the field '{}' must be a valid JSONPath or a valid intrinsic "
                                  "function call",
                                  field),
                      location);
    return std::nullopt;
  }
  return value;
}

bool DynamicValue::uses_context() const {
  if (path) return path->root() == PathRoot::kContext;
  return call && call->text().find("$$") != std::string::npos;
}

Result<std::optional<boost::json::value>> DynamicValue::Evaluate(const boost::json::value& input,
                                                                  PathScope& scope) const {
  if (call) {
    ASSIGN_OR_RETURN(boost::json::value result, call->Evaluate(input, scope));
    return std::optional<boost::json::value>(std::move(result));
  }
  return path->Evaluate(input, scope);
}

}  // namespace sluice::states
