// Choice rules: the Boolean expressions of a Choice state (comparison operators and their Path
// forms, And/Or/Not, the Is* type tests, StringMatches with its '*' wildcard and '\' escapes).
//
// Evaluation follows the ASL: a comparison whose variable holds a value of another type is
// false; a Variable (or a comparison *Path) that selects nothing is a States.Runtime error,
// except for IsPresent, which is then false.
//
// Thread safety: immutable after Parse; Evaluate may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "states/asl/diagnostics.h"
#include "states/asl/payload_template.h"
#include "states/jsonpath/json_path.h"

namespace sluice::states {

class ChoiceRule {
 public:
  enum class Op : uint8_t {
    kAnd, kOr, kNot,
    kStringEquals, kStringLessThan, kStringGreaterThan, kStringLessThanEquals, kStringGreaterThanEquals,
    kStringMatches,
    kNumericEquals, kNumericLessThan, kNumericGreaterThan, kNumericLessThanEquals, kNumericGreaterThanEquals,
    kBooleanEquals,
    kTimestampEquals, kTimestampLessThan, kTimestampGreaterThan, kTimestampLessThanEquals,
    kTimestampGreaterThanEquals,
    kIsNull, kIsPresent, kIsNumeric, kIsString, kIsBoolean, kIsTimestamp,
  };

  // Parses one rule at `location`. `top_level` rules need "Next" (and may carry "Assign");
  // nested rules must not have "Next".
  static std::unique_ptr<ChoiceRule> Parse(const boost::json::value& spec, const std::string& location, bool top_level,
                                           Diagnostics& diagnostics, int depth = 0);

  // True when the rule holds for `input`. A state error (States.Runtime) for an invalid path.
  Result<bool> Evaluate(const boost::json::value& input, PathScope& scope) const;

  const std::string& next() const { return next_; }
  const std::optional<PayloadTemplate>& assign() const { return assign_; }

 private:
  Op op_ = Op::kAnd;
  std::optional<JsonPath> variable_;
  boost::json::value operand_;          // literal comparison value
  std::optional<JsonPath> operand_path_;  // the *Path form
  std::optional<int64_t> operand_time_;   // parsed literal timestamp
  std::vector<std::unique_ptr<ChoiceRule>> children_;
  std::string next_;
  std::optional<PayloadTemplate> assign_;
};

// RFC 3339 timestamps as the ASL accepts them (uppercase 'T' and 'Z'); microseconds since the
// epoch, or nullopt.
std::optional<int64_t> ParseAslTimestamp(std::string_view text);

// StringMatches: '*' matches any run of characters; "\*" and "\\" are a literal '*' and '\'.
bool WildcardMatches(std::string_view pattern, std::string_view text);

}  // namespace sluice::states
