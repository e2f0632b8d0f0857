// Retry and Catch parsing: see error_handling.h.
#include "states/asl/error_handling.h"

#include <cmath>

#include <fmt/format.h>

#include "common/json.h"
#include "states/asl/state_error.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

std::vector<std::string> ParseErrorEquals(const json::object& object, const std::string& location, bool last,
                                          Diagnostics& diagnostics) {
  std::vector<std::string> names;
  const json::array* array = GetArray(object, "ErrorEquals");
  if (!array) {
    diagnostics.Error(codes::kSchemaValidationFailed, "These fields are required: [ErrorEquals]", location);
    return names;
  }
  if (array->empty()) {
    diagnostics.Error(codes::kSchemaValidationFailed, "ErrorEquals must not be empty", location + "/ErrorEquals");
  }
  for (const auto& element : *array) {
    if (!element.is_string()) {
      diagnostics.Error(codes::kSchemaValidationFailed, "The values in 'ErrorEquals' must be STRINGs",
                        location + "/ErrorEquals");
      continue;
    }
    names.emplace_back(element.get_string());
  }
  for (const auto& name : names) {
    if (name == errors::kAll && (names.size() > 1 || !last)) {
      diagnostics.Error(codes::kSchemaValidationFailed,
                        "'States.ALL' must appear alone in ErrorEquals and in the last retrier or catcher",
                        location + "/ErrorEquals");
    }
  }
  return names;
}

void CheckFields(const json::object& object, std::initializer_list<std::string_view> allowed,
                 const std::string& location, Diagnostics& diagnostics) {
  for (const auto& member : object) {
    bool known = false;
    for (auto name : allowed) known = known || member.key() == name;
    if (!known) {
      diagnostics.Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", member.key()),
                        location);
    }
  }
}

}  // namespace

bool Retrier::Matches(std::string_view error, bool heartbeat) const {
  for (const auto& pattern : error_equals) {
    if (ErrorMatches(pattern, error, heartbeat)) return true;
  }
  return false;
}

double Retrier::DelaySeconds(int64_t retry) const {
  double delay = static_cast<double>(interval_seconds) * std::pow(backoff_rate, static_cast<double>(retry));
  if (max_delay_seconds) delay = std::min(delay, static_cast<double>(*max_delay_seconds));
  return delay;
}

bool Catcher::Matches(std::string_view error, bool heartbeat) const {
  for (const auto& pattern : error_equals) {
    if (ErrorMatches(pattern, error, heartbeat)) return true;
  }
  return false;
}

std::vector<Retrier> ParseRetriers(const json::value& spec, const std::string& location, Diagnostics& diagnostics) {
  std::vector<Retrier> retriers;
  if (!spec.is_array()) {
    diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'Retry' must be an ARRAY", location);
    return retriers;
  }
  const auto& array = spec.get_array();
  for (size_t i = 0; i < array.size(); ++i) {
    std::string here = fmt::format("{}[{}]", location, i);
    if (!array[i].is_object()) {
      diagnostics.Error(codes::kSchemaValidationFailed, "A retrier must be an OBJECT", here);
      continue;
    }
    const json::object& object = array[i].get_object();
    CheckFields(object,
                {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy",
                 "Comment"},
                here, diagnostics);
    Retrier retrier;
    retrier.error_equals = ParseErrorEquals(object, here, i + 1 == array.size(), diagnostics);
    if (const json::value* v = FindMember(object, "IntervalSeconds")) {
      auto n = GetInt(object, "IntervalSeconds");
      if (!v->is_number() || !n || *n < 1 || *n > 99999999) {
        diagnostics.Error(codes::kSchemaValidationFailed, "IntervalSeconds must be a positive integer",
                          here + "/IntervalSeconds");
      } else {
        retrier.interval_seconds = *n;
      }
    }
    if (const json::value* v = FindMember(object, "MaxAttempts")) {
      auto n = GetInt(object, "MaxAttempts");
      if (!v->is_number() || !n || *n < 0 || *n > 99999999) {
        diagnostics.Error(codes::kSchemaValidationFailed, "MaxAttempts must be a non-negative integer",
                          here + "/MaxAttempts");
      } else {
        retrier.max_attempts = *n;
      }
    }
    if (FindMember(object, "BackoffRate")) {
      auto rate = GetNumber(object, "BackoffRate");
      if (!rate || *rate < 1.0) {
        diagnostics.Error(codes::kSchemaValidationFailed, "BackoffRate must be a number greater than or equal to 1.0",
                          here + "/BackoffRate");
      } else {
        retrier.backoff_rate = *rate;
      }
    }
    if (const json::value* v = FindMember(object, "MaxDelaySeconds")) {
      auto n = GetInt(object, "MaxDelaySeconds");
      if (!v->is_number() || !n || *n < 1 || *n > 31622400) {
        diagnostics.Error(codes::kSchemaValidationFailed, "MaxDelaySeconds must be a positive integer",
                          here + "/MaxDelaySeconds");
      } else {
        retrier.max_delay_seconds = *n;
      }
    }
    if (FindMember(object, "JitterStrategy")) {
      auto jitter = GetString(object, "JitterStrategy");
      if (!jitter || (*jitter != "FULL" && *jitter != "NONE")) {
        diagnostics.Error(codes::kSchemaValidationFailed, "JitterStrategy must be FULL or NONE",
                          here + "/JitterStrategy");
      } else {
        retrier.full_jitter = *jitter == "FULL";
      }
    }
    retriers.push_back(std::move(retrier));
  }
  return retriers;
}

std::vector<Catcher> ParseCatchers(const json::value& spec, const std::string& location, Diagnostics& diagnostics) {
  std::vector<Catcher> catchers;
  if (!spec.is_array()) {
    diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'Catch' must be an ARRAY", location);
    return catchers;
  }
  const auto& array = spec.get_array();
  for (size_t i = 0; i < array.size(); ++i) {
    std::string here = fmt::format("{}[{}]", location, i);
    if (!array[i].is_object()) {
      diagnostics.Error(codes::kSchemaValidationFailed, "A catcher must be an OBJECT", here);
      continue;
    }
    const json::object& object = array[i].get_object();
    CheckFields(object, {"ErrorEquals", "Next", "ResultPath", "Assign", "Comment"}, here, diagnostics);
    Catcher catcher;
    catcher.error_equals = ParseErrorEquals(object, here, i + 1 == array.size(), diagnostics);
    if (auto next = GetString(object, "Next")) {
      catcher.next_name = std::string(*next);
    } else {
      diagnostics.Error(codes::kSchemaValidationFailed, "These fields are required: [Next]", here);
    }
    if (auto it = object.find("ResultPath"); it != object.end()) {
      if (it->value().is_null()) {
        catcher.discard_result = true;
      } else if (!it->value().is_string()) {
        diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'ResultPath' must be a STRING",
                          here + "/ResultPath");
      } else {
        auto path = JsonPath::Parse(std::string_view(it->value().get_string()));
        if (!path.ok() || !path->definite() || path->root() != PathRoot::kInput) {
          diagnostics.Error(codes::kSchemaValidationFailed,
                            "The value for the field 'ResultPath' must be a valid JSONPath", here + "/ResultPath");
        } else {
          catcher.result_path = std::move(*path);
        }
      }
    }
    if (const json::value* assign = FindMember(object, "Assign")) {
      if (!assign->is_object()) {
        diagnostics.Error(codes::kSchemaValidationFailed, "The value for the field 'Assign' must be an OBJECT",
                          here + "/Assign");
      } else {
        catcher.assign = PayloadTemplate::Compile(*assign, here + "/Assign", diagnostics);
      }
    }
    catchers.push_back(std::move(catcher));
  }
  return catchers;
}

}  // namespace sluice::states
