// The JSONPath data flow through a state: InputPath → Parameters (or ItemSelector) → the state's
// work → ResultSelector → ResultPath → OutputPath, plus Assign (workflow variables).
//
// Absent paths mean "$" (pass everything); a null InputPath/OutputPath means {} and a null
// ResultPath discards the result (output = input). The functions move values instead of copying
// them wherever the fields allow it, so that a plain Pass costs no copy at all.
//
// Thread safety: immutable after parsing; the functions may run concurrently.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/diagnostics.h"
#include "states/asl/payload_template.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

// A path field that may also be null ("InputPath": null).
struct OptionalPath {
  std::optional<JsonPath> path;  // absent when the field is absent or null
  bool is_null = false;
  bool present() const { return path.has_value() || is_null; }
};

struct DataFlow {
  OptionalPath input_path;
  std::optional<PayloadTemplate> parameters;  // Parameters, or ItemSelector for Map
  std::optional<PayloadTemplate> result_selector;
  OptionalPath result_path;
  OptionalPath output_path;
  std::optional<PayloadTemplate> assign;

  // The effective input: InputPath applied to the raw input, then Parameters. Takes the raw
  // input by const reference; copies only what the fields select. States.Runtime on a bad path.
  Result<boost::json::value> EffectiveInput(const boost::json::value& raw, PathScope& scope) const;
  // Applies only InputPath.
  Result<boost::json::value> ApplyInputPath(const boost::json::value& raw) const;
  // ResultSelector over a task's raw result.
  Result<boost::json::value> SelectResult(boost::json::value result, PathScope& scope) const;
  // ResultPath: places `result` into `raw_input` (consumed). States.ResultPathMatchFailure when
  // the path cannot be applied.
  Result<boost::json::value> PlaceResult(boost::json::value raw_input, boost::json::value result) const;
  // OutputPath over the combined output.
  Result<boost::json::value> ApplyOutputPath(boost::json::value output) const;
  // Assign: the variables to set, evaluated against `value` (the state's result or input).
  Result<boost::json::object> EvaluateAssign(const boost::json::value& value, PathScope& scope) const;
};

// Parses a path field of a state ("InputPath", "ResultPath", ...). `reference_only` demands a
// definite input path (ResultPath). Problems go to `diagnostics`.
OptionalPath ParsePathField(const boost::json::object& state, std::string_view field, const std::string& location,
                            bool reference_only, Diagnostics& diagnostics);

// The States.Runtime cause AWS gives for a path that selects nothing:
// "Invalid path '$.a' : No results for path: $['a']".
std::string InvalidPathCause(const JsonPath& path);

}  // namespace sluice::states
