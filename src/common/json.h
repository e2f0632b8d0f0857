// JSON documents through Boost.JSON: parsing with limits (size, depth) that never throws, and
// typed member access that reports what was wrong with which member.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"

namespace sluice {

struct JsonLimits {
  size_t max_bytes = 16 << 20;  // larger documents are refused before parsing
  size_t max_depth = 64;        // deeper nesting is refused
};

// Parses one JSON document. InvalidArgument names the problem and its byte offset.
Result<boost::json::value> ParseJson(std::string_view text, const JsonLimits& limits = {});
// Compact serialization.
std::string ToJson(const boost::json::value& value);

// Member accessors: nullptr / nullopt when the member is absent or JSON null. They do not
// check the type of an absent member; a present member of the wrong type is reported by the
// Require* forms.
const boost::json::value* FindMember(const boost::json::object& object, std::string_view key);
std::optional<std::string_view> GetString(const boost::json::object& object, std::string_view key);
std::optional<int64_t> GetInt(const boost::json::object& object, std::string_view key);
std::optional<double> GetNumber(const boost::json::object& object, std::string_view key);
std::optional<bool> GetBool(const boost::json::object& object, std::string_view key);
const boost::json::object* GetObject(const boost::json::object& object, std::string_view key);
const boost::json::array* GetArray(const boost::json::object& object, std::string_view key);

// A JSON number as double whatever its representation (int64, uint64, double); nullopt for
// non-numbers.
std::optional<double> AsNumber(const boost::json::value& value);

}  // namespace sluice
