// JSON text: see json_text.h.
#include "states/asl/json_text.h"

#include <charconv>
#include <cmath>

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendString(std::string_view text, std::string& out) {
  out += '"';
  size_t run = 0;  // start of the current run of characters that need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

}  // namespace

void AppendNumber(const json::value& value, std::string& out) {
  char buffer[32];
  if (value.is_int64()) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.get_int64());
    out.append(buffer, end);
  } else if (value.is_uint64()) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.get_uint64());
    out.append(buffer, end);
  } else {
    double d = value.get_double();
    if (!std::isfinite(d)) {
      out += "null";  // JSON has no NaN or infinity
      return;
    }
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), d);
    std::string_view text(buffer, static_cast<size_t>(end - buffer));
    out += text;
    // Keep a double a double: "3.0", not "3".
    if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
  }
}

void AppendJson(const json::value& value, std::string& out) {
  switch (value.kind()) {
    case json::kind::null: out += "null"; return;
    case json::kind::bool_: out += value.get_bool() ? "true" : "false"; return;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: AppendNumber(value, out); return;
    case json::kind::string: AppendString(value.get_string(), out); return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out += ',';
        first = false;
        AppendJson(element, out);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        AppendString(member.key(), out);
        out += ':';
        AppendJson(member.value(), out);
      }
      out += '}';
      return;
    }
  }
}

std::string JsonText(const json::value& value) {
  std::string out;
  AppendJson(value, out);
  return out;
}

size_t JsonTextSize(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return 4;
    case json::kind::bool_: return value.get_bool() ? 4 : 5;
    case json::kind::string: return value.get_string().size() + 2;  // escapes not counted
    case json::kind::array: {
      size_t size = 2;
      for (const auto& element : value.get_array()) size += JsonTextSize(element) + 1;
      return size;
    }
    case json::kind::object: {
      size_t size = 2;
      for (const auto& member : value.get_object()) size += member.key().size() + 4 + JsonTextSize(member.value());
      return size;
    }
    default: {
      std::string text;
      AppendNumber(value, text);
      return text.size();
    }
  }
}

}  // namespace sluice::states
