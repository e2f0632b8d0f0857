// JSON helpers: see json.h.
#include "common/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace sluice {

Result<boost::json::value> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return ResourceExhausted(fmt::format("JSON document of {} bytes exceeds the limit of {} bytes", text.size(),
                                         limits.max_bytes));
  }
  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  boost::json::parser parser(boost::json::storage_ptr(), options);
  boost::system::error_code error;
  // write() parses a complete document and rejects anything but whitespace after it.
  size_t consumed = parser.write(text.data(), text.size(), error);
  if (error) {
    return InvalidArgument(fmt::format("malformed JSON near offset {}: {}", consumed, error.message()));
  }
  return parser.release();
}

std::string ToJson(const boost::json::value& value) { return boost::json::serialize(value); }

const boost::json::value* FindMember(const boost::json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::optional<std::string_view> GetString(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  if (!v || !v->is_string()) return std::nullopt;
  const auto& s = v->get_string();
  return std::string_view(s.data(), s.size());
}

std::optional<int64_t> GetInt(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) {
    double d = v->get_double();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> AsNumber(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

std::optional<double> GetNumber(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  if (!v) return std::nullopt;
  return AsNumber(*v);
}

std::optional<bool> GetBool(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

const boost::json::object* GetObject(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const boost::json::array* GetArray(const boost::json::object& object, std::string_view key) {
  const auto* v = FindMember(object, key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

}  // namespace sluice
