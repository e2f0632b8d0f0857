// A value computed while a state runs from a string in the definition: a JSONPath ("$.a",
// "$$.Execution.Id", "$var") or an intrinsic function call ("States.Format(...)"). Used by the
// ".$" members of payload templates and by Fail's ErrorPath/CausePath.
//
// Thread safety: immutable after Compile; Evaluate may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/diagnostics.h"
#include "states/intrinsics/intrinsic_function.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

struct DynamicValue {
  std::optional<JsonPath> path;
  std::shared_ptr<const IntrinsicCall> call;

  // Compiles `text`; reports "The value for the field '<field>' must be a valid JSONPath or a
  // valid intrinsic function call" at `location` and returns nullopt when it is neither.
  static std::optional<DynamicValue> Compile(std::string_view text, std::string_view field,
                                             const std::string& location, Diagnostics& diagnostics);

  // True when the value reads the context object ($$).
  bool uses_context() const;
  // The value for `input`, or nullopt when a path selects nothing. Intrinsic failures come
  // back as state errors.
  Result<std::optional<boost::json::value>> Evaluate(const boost::json::value& input, PathScope& scope) const;
};

}  // namespace sluice::states
