// Choice rules: see choice_rule.h.
#include "states/asl/choice_rule.h"

#include <fmt/format.h>

#include "common/clock.h"
#include "common/json.h"
#include "states/asl/state_error.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

using Op = ChoiceRule::Op;

enum class OperandType { kNone, kString, kNumber, kBoolean, kTimestamp };

struct OperatorSpec {
  std::string_view name;
  Op op;
  OperandType type;
  bool path;  // the *Path form
};

constexpr OperatorSpec kOperators[] = {
    {"StringEquals", Op::kStringEquals, OperandType::kString, false},
    {"StringEqualsPath", Op::kStringEquals, OperandType::kString, true},
    {"StringLessThan", Op::kStringLessThan, OperandType::kString, false},
    {"StringLessThanPath", Op::kStringLessThan, OperandType::kString, true},
    {"StringGreaterThan", Op::kStringGreaterThan, OperandType::kString, false},
    {"StringGreaterThanPath", Op::kStringGreaterThan, OperandType::kString, true},
    {"StringLessThanEquals", Op::kStringLessThanEquals, OperandType::kString, false},
    {"StringLessThanEqualsPath", Op::kStringLessThanEquals, OperandType::kString, true},
    {"StringGreaterThanEquals", Op::kStringGreaterThanEquals, OperandType::kString, false},
    {"StringGreaterThanEqualsPath", Op::kStringGreaterThanEquals, OperandType::kString, true},
    {"StringMatches", Op::kStringMatches, OperandType::kString, false},
    {"NumericEquals", Op::kNumericEquals, OperandType::kNumber, false},
    {"NumericEqualsPath", Op::kNumericEquals, OperandType::kNumber, true},
    {"NumericLessThan", Op::kNumericLessThan, OperandType::kNumber, false},
    {"NumericLessThanPath", Op::kNumericLessThan, OperandType::kNumber, true},
    {"NumericGreaterThan", Op::kNumericGreaterThan, OperandType::kNumber, false},
    {"NumericGreaterThanPath", Op::kNumericGreaterThan, OperandType::kNumber, true},
    {"NumericLessThanEquals", Op::kNumericLessThanEquals, OperandType::kNumber, false},
    {"NumericLessThanEqualsPath", Op::kNumericLessThanEquals, OperandType::kNumber, true},
    {"NumericGreaterThanEquals", Op::kNumericGreaterThanEquals, OperandType::kNumber, false},
    {"NumericGreaterThanEqualsPath", Op::kNumericGreaterThanEquals, OperandType::kNumber, true},
    {"BooleanEquals", Op::kBooleanEquals, OperandType::kBoolean, false},
    {"BooleanEqualsPath", Op::kBooleanEquals, OperandType::kBoolean, true},
    {"TimestampEquals", Op::kTimestampEquals, OperandType::kTimestamp, false},
    {"TimestampEqualsPath", Op::kTimestampEquals, OperandType::kTimestamp, true},
    {"TimestampLessThan", Op::kTimestampLessThan, OperandType::kTimestamp, false},
    {"TimestampLessThanPath", Op::kTimestampLessThan, OperandType::kTimestamp, true},
    {"TimestampGreaterThan", Op::kTimestampGreaterThan, OperandType::kTimestamp, false},
    {"TimestampGreaterThanPath", Op::kTimestampGreaterThan, OperandType::kTimestamp, true},
    {"TimestampLessThanEquals", Op::kTimestampLessThanEquals, OperandType::kTimestamp, false},
    {"TimestampLessThanEqualsPath", Op::kTimestampLessThanEquals, OperandType::kTimestamp, true},
    {"TimestampGreaterThanEquals", Op::kTimestampGreaterThanEquals, OperandType::kTimestamp, false},
    {"TimestampGreaterThanEqualsPath", Op::kTimestampGreaterThanEquals, OperandType::kTimestamp, true},
    {"IsNull", Op::kIsNull, OperandType::kBoolean, false},
    {"IsPresent", Op::kIsPresent, OperandType::kBoolean, false},
    {"IsNumeric", Op::kIsNumeric, OperandType::kBoolean, false},
    {"IsString", Op::kIsString, OperandType::kBoolean, false},
    {"IsBoolean", Op::kIsBoolean, OperandType::kBoolean, false},
    {"IsTimestamp", Op::kIsTimestamp, OperandType::kBoolean, false},
    {"And", Op::kAnd, OperandType::kNone, false},
    {"Or", Op::kOr, OperandType::kNone, false},
    {"Not", Op::kNot, OperandType::kNone, false},
};

constexpr int kMaxRuleDepth = 32;

bool IsTypeTest(Op op) {
  return op == Op::kIsNull || op == Op::kIsPresent || op == Op::kIsNumeric || op == Op::kIsString ||
         op == Op::kIsBoolean || op == Op::kIsTimestamp;
}

int Sign(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

bool CompareResult(Op op, int c) {
  switch (op) {
    case Op::kStringEquals:
    case Op::kNumericEquals:
    case Op::kTimestampEquals: return c == 0;
    case Op::kStringLessThan:
    case Op::kNumericLessThan:
    case Op::kTimestampLessThan: return c < 0;
    case Op::kStringGreaterThan:
    case Op::kNumericGreaterThan:
    case Op::kTimestampGreaterThan: return c > 0;
    case Op::kStringLessThanEquals:
    case Op::kNumericLessThanEquals:
    case Op::kTimestampLessThanEquals: return c <= 0;
    case Op::kStringGreaterThanEquals:
    case Op::kNumericGreaterThanEquals:
    case Op::kTimestampGreaterThanEquals: return c >= 0;
    default: return false;
  }
}

}  // namespace

std::optional<int64_t> ParseAslTimestamp(std::string_view text) {
  // The ASL wants an uppercase 'T' between date and time and an uppercase 'Z' (or an offset).
  if (text.size() < 20 || text[10] != 'T') return std::nullopt;
  if (text.find('z') != std::string_view::npos || text.find('t') != std::string_view::npos) return std::nullopt;
  return ParseIso8601(text);
}

bool WildcardMatches(std::string_view pattern, std::string_view text) {
  // Tokenize the pattern into literal characters and '*' wildcards, honouring escapes.
  std::string literal;
  std::vector<bool> star;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '\\')) {
      literal += pattern[++i];
      star.push_back(false);
    } else if (c == '*') {
      literal += '*';
      star.push_back(true);
    } else {
      literal += c;
      star.push_back(false);
    }
  }
  // Classic linear-backtracking glob match (at most O(n*m), no recursion).
  size_t p = 0, t = 0, star_p = std::string::npos, star_t = 0;
  while (t < text.size()) {
    if (p < literal.size() && !star[p] && literal[p] == text[t]) {
      ++p;
      ++t;
    } else if (p < literal.size() && star[p]) {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < literal.size() && star[p]) ++p;
  return p == literal.size();
}

std::unique_ptr<ChoiceRule> ChoiceRule::Parse(const json::value& spec, const std::string& location, bool top_level,
                                              Diagnostics& diagnostics, int depth) {
  auto rule = std::make_unique<ChoiceRule>();
  if (!spec.is_object()) {
    diagnostics.Error(codes::kSchemaValidationFailed, "A choice rule must be an object", location);
    return rule;
  }
  if (depth > kMaxRuleDepth) {
    diagnostics.Error(codes::kTooDeeplyNested, "Choice rules are nested too deeply", location);
    return rule;
  }
  const json::object& object = spec.get_object();
  const OperatorSpec* found = nullptr;
  size_t operator_count = 0;
  for (const auto& member : object) {
    std::string_view key = member.key();
    if (key == "Variable" || key == "Next" || key == "Comment" || key == "Assign") continue;
    const OperatorSpec* match = nullptr;
    for (const auto& candidate : kOperators) {
      if (candidate.name == key) match = &candidate;
    }
    if (!match) {
      diagnostics.Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", key),
                        location + "/" + std::string(key));
      continue;
    }
    found = match;
    ++operator_count;
  }
  if (operator_count != 1) {
    if (operator_count == 0) {
      diagnostics.Error(codes::kSchemaValidationFailed,
                        "A choice rule must have exactly one comparison operator (or And, Or, Not)", location);
    } else {
      diagnostics.Error(codes::kSchemaValidationFailed, "A choice rule must have only one comparison operator",
                        location);
    }
    return rule;
  }
  rule->op_ = found->op;
  const json::value& operand = object.at(found->name);
  std::string operand_location = location + "/" + std::string(found->name);

  if (auto next = GetString(object, "Next")) {
    if (!top_level) {
      diagnostics.Error(codes::kSchemaValidationFailed, "Field 'Next' is not supported in a nested choice rule",
                        location + "/Next");
    }
    rule->next_ = std::string(*next);
  } else if (top_level) {
    diagnostics.Error(codes::kSchemaValidationFailed, "These fields are required: [Next]", location);
  }
  if (const json::value* assign = FindMember(object, "Assign")) {
    if (!top_level) {
      diagnostics.Error(codes::kSchemaValidationFailed, "Field 'Assign' is not supported in a nested choice rule",
                        location + "/Assign");
    } else if (!assign->is_object()) {
      diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'Assign' must be an OBJECT",
                        location + "/Assign");
    } else {
      rule->assign_ = PayloadTemplate::Compile(*assign, location + "/Assign", diagnostics);
    }
  }

  if (found->op == Op::kAnd || found->op == Op::kOr) {
    if (object.contains("Variable")) {
      diagnostics.Error(codes::kSchemaValidationFailed, "Field 'Variable' is not supported with And/Or", location);
    }
    if (!operand.is_array() || operand.get_array().empty()) {
      diagnostics.Error(codes::kSchemaValidationFailed,
                        fmt::format("The value for the field '{}' must be a non-empty ARRAY", found->name),
                        operand_location);
      return rule;
    }
    size_t i = 0;
    for (const auto& child : operand.get_array()) {
      rule->children_.push_back(
          Parse(child, operand_location + "/" + std::to_string(i++), false, diagnostics, depth + 1));
    }
    return rule;
  }
  if (found->op == Op::kNot) {
    if (object.contains("Variable")) {
      diagnostics.Error(codes::kSchemaValidationFailed, "Field 'Variable' is not supported with Not", location);
    }
    if (!operand.is_object()) {
      diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'Not' must be an OBJECT",
                        operand_location);
      return rule;
    }
    rule->children_.push_back(Parse(operand, operand_location, false, diagnostics, depth + 1));
    return rule;
  }

  // A data-test expression: Variable plus one operator.
  auto variable = GetString(object, "Variable");
  if (!variable) {
    diagnostics.Error(codes::kSchemaValidationFailed, "These fields are required: [Variable]", location);
    return rule;
  }
  auto path = JsonPath::Parse(*variable);
  if (!path.ok() || !path->definite()) {
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The value for the field 'Variable' must be a valid JSONPath"), location + "/Variable");
    return rule;
  }
  rule->variable_ = std::move(*path);

  if (found->path) {
    auto operand_path = operand.is_string() ? JsonPath::Parse(std::string_view(operand.get_string()))
                                            : Result<JsonPath>(InvalidArgument("not a string"));
    if (!operand_path.ok() || !operand_path->definite()) {
      diagnostics.Error(codes::kSchemaValidationFailed,
                        fmt::format("The value for the field '{}' must be a valid JSONPath", found->name),
                        operand_location);
      return rule;
    }
    rule->operand_path_ = std::move(*operand_path);
    return rule;
  }
  bool type_ok = true;
  switch (found->type) {
    case OperandType::kString:
    case OperandType::kTimestamp: type_ok = operand.is_string(); break;
    case OperandType::kNumber: type_ok = operand.is_number(); break;
    case OperandType::kBoolean: type_ok = operand.is_bool(); break;
    case OperandType::kNone: break;
  }
  if (!type_ok) {
    std::string_view expected = found->type == OperandType::kNumber    ? "NUMBER"
                                : found->type == OperandType::kBoolean ? "BOOLEAN"
                                                                       : "STRING";
    diagnostics.Error(codes::kSchemaValidationFailed,
                      fmt::format("The value for the field '{}' must be a {}", found->name, expected), operand_location);
    return rule;
  }
  if (found->type == OperandType::kTimestamp) {
    rule->operand_time_ = ParseAslTimestamp(std::string_view(operand.get_string()));
    if (!rule->operand_time_) {
      diagnostics.Error(codes::kSchemaValidationFailed,
                        fmt::format("The value for the field '{}' must be a valid timestamp", found->name),
                        operand_location);
    }
  }
  rule->operand_ = operand;
  return rule;
}

Result<bool> ChoiceRule::Evaluate(const json::value& input, PathScope& scope) const {
  switch (op_) {
    case Op::kAnd:
      for (const auto& child : children_) {
        ASSIGN_OR_RETURN(bool value, child->Evaluate(input, scope));
        if (!value) return false;
      }
      return true;
    case Op::kOr:
      for (const auto& child : children_) {
        ASSIGN_OR_RETURN(bool value, child->Evaluate(input, scope));
        if (value) return true;
      }
      return false;
    case Op::kNot: {
      ASSIGN_OR_RETURN(bool value, children_[0]->Evaluate(input, scope));
      return !value;
    }
    default: break;
  }
  const json::value* value = variable_->Lookup(input, scope);
  if (IsTypeTest(op_)) {
    bool expected = operand_.is_bool() && operand_.get_bool();
    if (op_ == Op::kIsPresent) return (value != nullptr) == expected;
    if (!value) {
      return StateError(errors::kRuntime,
                        fmt::format("Invalid path '{}': The choice state's condition path references an invalid value.",
                                    variable_->text()));
    }
    bool actual = false;
    switch (op_) {
      case Op::kIsNull: actual = value->is_null(); break;
      case Op::kIsNumeric: actual = value->is_number(); break;
      case Op::kIsString: actual = value->is_string(); break;
      case Op::kIsBoolean: actual = value->is_bool(); break;
      case Op::kIsTimestamp:
        actual = value->is_string() && ParseAslTimestamp(std::string_view(value->get_string())).has_value();
        break;
      default: break;
    }
    return actual == expected;
  }
  if (!value) {
    return StateError(errors::kRuntime,
                      fmt::format("Invalid path '{}': The choice state's condition path references an invalid value.",
                                  variable_->text()));
  }
  const json::value* other = &operand_;
  if (operand_path_) {
    other = operand_path_->Lookup(input, scope);
    if (!other) {
      return StateError(errors::kRuntime,
                        fmt::format("Invalid path '{}': The choice state's condition path references an invalid value.",
                                    operand_path_->text()));
    }
  }
  switch (op_) {
    case Op::kStringEquals:
    case Op::kStringLessThan:
    case Op::kStringGreaterThan:
    case Op::kStringLessThanEquals:
    case Op::kStringGreaterThanEquals: {
      if (!value->is_string() || !other->is_string()) return false;
      int c = std::string_view(value->get_string()).compare(std::string_view(other->get_string()));
      return CompareResult(op_, c < 0 ? -1 : (c > 0 ? 1 : 0));
    }
    case Op::kStringMatches:
      if (!value->is_string()) return false;
      return WildcardMatches(std::string_view(other->get_string()), std::string_view(value->get_string()));
    case Op::kNumericEquals:
    case Op::kNumericLessThan:
    case Op::kNumericGreaterThan:
    case Op::kNumericLessThanEquals:
    case Op::kNumericGreaterThanEquals: {
      auto a = AsNumber(*value);
      auto b = AsNumber(*other);
      if (!a || !b) return false;
      return CompareResult(op_, Sign(*a, *b));
    }
    case Op::kBooleanEquals:
      if (!value->is_bool() || !other->is_bool()) return false;
      return value->get_bool() == other->get_bool();
    case Op::kTimestampEquals:
    case Op::kTimestampLessThan:
    case Op::kTimestampGreaterThan:
    case Op::kTimestampLessThanEquals:
    case Op::kTimestampGreaterThanEquals: {
      if (!value->is_string()) return false;
      auto a = ParseAslTimestamp(std::string_view(value->get_string()));
      std::optional<int64_t> b = operand_time_;
      if (operand_path_) b = other->is_string() ? ParseAslTimestamp(std::string_view(other->get_string())) : std::nullopt;
      if (!a || !b) return false;
      return CompareResult(op_, *a < *b ? -1 : (*a > *b ? 1 : 0));
    }
    default: return false;
  }
}

}  // namespace sluice::states
