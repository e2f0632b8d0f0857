// Node configuration readers: see node_config.h.
#include "jobs/nodes/node_config.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

Status NodeConfig::Missing(std::string_view member) const {
  return InvalidArgument(fmt::format("{} is missing", Name(member)));
}

Status NodeConfig::WrongType(std::string_view member, std::string_view expected) const {
  return InvalidArgument(fmt::format("{} must be {}", Name(member), expected));
}

Result<std::string> NodeConfig::RequireString(std::string_view member) const {
  ASSIGN_OR_RETURN(auto value, OptionalString(member));
  if (!value) return Missing(member);
  return *value;
}

Result<std::optional<std::string>> NodeConfig::OptionalString(std::string_view member) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return WrongType(member, "a string");
  return std::optional<std::string>(std::string(value->get_string()));
}

Result<std::optional<bool>> NodeConfig::OptionalBool(std::string_view member) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) return WrongType(member, "true or false");
  return std::optional<bool>(value->get_bool());
}

Result<std::optional<int64_t>> NodeConfig::OptionalInt(std::string_view member) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) return std::optional<int64_t>();
  if (value->is_int64()) return std::optional<int64_t>(value->get_int64());
  if (value->is_uint64() && value->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return std::optional<int64_t>(static_cast<int64_t>(value->get_uint64()));
  }
  return WrongType(member, "an integer");
}

Result<std::optional<double>> NodeConfig::OptionalNumber(std::string_view member) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) return std::optional<double>();
  auto number = AsNumber(*value);
  if (!number) return WrongType(member, "a number");
  return number;
}

Result<std::string> NodeConfig::RequireEnum(std::string_view member, const std::vector<std::string>& allowed) const {
  ASSIGN_OR_RETURN(auto value, OptionalEnum(member, allowed));
  if (!value) return Missing(member);
  return *value;
}

Result<std::optional<std::string>> NodeConfig::OptionalEnum(std::string_view member,
                                                            const std::vector<std::string>& allowed) const {
  ASSIGN_OR_RETURN(auto value, OptionalString(member));
  if (!value) return value;
  for (const auto& candidate : allowed) {
    if (candidate == *value) return value;
  }
  std::string list;
  for (const auto& candidate : allowed) list += (list.empty() ? "" : ", ") + candidate;
  return InvalidArgument(fmt::format("{} is '{}'; expected one of {}", Name(member), *value, list));
}

Result<std::vector<std::string>> NodeConfig::StringList(std::string_view member, bool required) const {
  std::vector<std::string> out;
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) {
    if (required) return Missing(member);
    return out;
  }
  if (!value->is_array()) return WrongType(member, "a list of strings");
  for (const auto& item : value->get_array()) {
    if (!item.is_string()) return WrongType(member, "a list of strings");
    out.emplace_back(item.get_string());
  }
  if (required && out.empty()) return InvalidArgument(fmt::format("{} is empty", Name(member)));
  return out;
}

Result<FieldPath> NodeConfig::RequirePath(std::string_view member) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) return Missing(member);
  return PathFromJson(value, Name(member));
}

Result<std::vector<FieldPath>> NodeConfig::PathList(std::string_view member, bool required) const {
  const json::value* value = FindMember(object_, member);
  if (value == nullptr && required) return Missing(member);
  ASSIGN_OR_RETURN(auto paths, PathListFromJson(value, Name(member)));
  if (required && paths.empty()) return InvalidArgument(fmt::format("{} is empty", Name(member)));
  return paths;
}

Result<std::vector<const json::object*>> NodeConfig::ObjectList(std::string_view member, bool required) const {
  std::vector<const json::object*> out;
  const json::value* value = FindMember(object_, member);
  if (value == nullptr) {
    if (required) return Missing(member);
    return out;
  }
  if (!value->is_array()) return WrongType(member, "a list of objects");
  for (const auto& item : value->get_array()) {
    if (!item.is_object()) return WrongType(member, "a list of objects");
    out.push_back(&item.get_object());
  }
  if (required && out.empty()) return InvalidArgument(fmt::format("{} is empty", Name(member)));
  return out;
}

const json::object* NodeConfig::OptionalObject(std::string_view member) const { return GetObject(object_, member); }

}  // namespace sluice::jobs
