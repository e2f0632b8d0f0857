// Job arguments in nodes: see job_arguments.h.
#include "jobs/graph/job_arguments.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

namespace sluice::jobs {

namespace json = boost::json;

namespace {

Status Substitute(json::value& value, const Arguments& arguments, const std::string& where) {
  if (value.is_string()) {
    std::string_view text = value.get_string();
    if (text.find('$') == std::string_view::npos) return Status::Ok();
    ASSIGN_OR_RETURN(std::string replaced, SubstituteText(text, arguments, where));
    value = replaced;
  } else if (value.is_object()) {
    for (auto& [key, member] : value.get_object()) {
      RETURN_IF_ERROR(Substitute(member, arguments, where + "." + std::string(key)));
    }
  } else if (value.is_array()) {
    auto& array = value.get_array();
    for (size_t i = 0; i < array.size(); ++i) {
      RETURN_IF_ERROR(Substitute(array[i], arguments, fmt::format("{}[{}]", where, i)));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> SubstituteText(std::string_view text, const Arguments& arguments, const std::string& where) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return AwsError("InvalidInputException", 400,
                      fmt::format("{}: \"${{\" without a closing \"}}\" in '{}' (write $${{ for a literal ${{)", where,
                                  text));
    }
    std::string name(text.substr(i + 2, close - i - 2));
    std::string key = name.rfind("--", 0) == 0 ? name : "--" + name;
    auto found = arguments.find(key);
    if (found == arguments.end()) found = arguments.find(name);
    if (found == arguments.end()) {
      return AwsError("InvalidInputException", 400,
                      fmt::format("{}: refers to ${{{}}}, but the run has no argument {}", where, name, key));
    }
    out += found->second;
    i = close + 1;
  }
  return out;
}

Result<json::object> SubstituteArguments(const json::object& nodes, const Arguments& arguments) {
  json::object out = nodes;
  for (auto& [id, node] : out) {
    RETURN_IF_ERROR(Substitute(node, arguments, fmt::format("node '{}'", std::string(id))));
  }
  return out;
}

}  // namespace sluice::jobs
