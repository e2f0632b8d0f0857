// Request member validation: see request_fields.h.
#include "states/api/request_fields.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "common/encoding.h"
#include "common/json.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

Status Validation(std::string message) {
  return AwsError("ValidationException", 400, "1 validation error detected: " + std::move(message));
}

// The number of Unicode characters in UTF-8 text (AWS limits count characters).
size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

Result<std::string> RequiredString(const json::object& input, std::string_view member, size_t min, size_t max) {
  const json::value* value = FindMember(input, member);
  if (!value) return Validation(fmt::format("Value null at '{}' failed to satisfy constraint: Member must not be null",
                                            member));
  if (!value->is_string()) {
    return AwsError("SerializationException", 400, fmt::format("Expected a string for '{}'", member));
  }
  std::string text(value->get_string());
  size_t length = CharacterCount(text);
  if (length < min) {
    return Validation(fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must have length greater "
                                  "than or equal to {}",
                                  text, member, min));
  }
  if (length > max) {
    return Validation(fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must have length less "
                                  "than or equal to {}",
                                  text.size() > 1024 ? text.substr(0, 64) + "..." : text, member, max));
  }
  return text;
}

Result<std::optional<std::string>> OptionalString(const json::object& input, std::string_view member, size_t min,
                                                  size_t max) {
  if (!FindMember(input, member)) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string text, RequiredString(input, member, min, max));
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<bool>> OptionalBool(const json::object& input, std::string_view member) {
  const json::value* value = FindMember(input, member);
  if (!value) return std::optional<bool>();
  if (!value->is_bool()) return AwsError("SerializationException", 400, fmt::format("Expected a boolean for '{}'", member));
  return std::optional<bool>(value->get_bool());
}

Result<size_t> PageSize(const json::object& input, std::string_view member, size_t max, size_t fallback) {
  const json::value* value = FindMember(input, member);
  if (!value) return fallback;
  auto number = GetInt(input, member);
  if (!number) return AwsError("SerializationException", 400, fmt::format("Expected an integer for '{}'", member));
  if (*number < 0) {
    return Validation(fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must have value greater "
                                  "than or equal to 0",
                                  *number, member));
  }
  if (static_cast<uint64_t>(*number) > max) {
    return Validation(fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must have value less than "
                                  "or equal to {}",
                                  *number, member, max));
  }
  return *number == 0 ? fallback : static_cast<size_t>(*number);
}

Result<std::optional<std::string>> OptionalEnum(const json::object& input, std::string_view member,
                                                std::initializer_list<std::string_view> allowed) {
  ASSIGN_OR_RETURN(auto value, OptionalString(input, member, 0, 256));
  if (!value) return value;
  for (auto candidate : allowed) {
    if (candidate == *value) return value;
  }
  return Validation(fmt::format("Value '{}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: "
                                "[{}]",
                                *value, member, fmt::join(allowed, ", ")));
}

Status CheckName(std::string_view name) {
  bool ok = !name.empty() && CharacterCount(name) <= 80 && IsValidUtf8(name);
  for (size_t i = 0; ok && i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || std::string_view(" <>{}[]?*\"#%\\^|~`$&,;:/").find(static_cast<char>(c)) !=
                                     std::string_view::npos) {
      ok = false;
    }
    // C1 control characters U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < name.size()) {
      unsigned char next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0x9F) ok = false;
    }
    // Whitespace beyond ASCII: U+00A0, U+2000..U+200B, U+2028, U+2029, U+3000, U+FEFF.
    if (c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xA0) ok = false;
  }
  if (!ok) return AwsError("InvalidName", 400, fmt::format("Invalid Name: '{}'", name));
  return Status::Ok();
}

std::string MakePageToken(std::string_view tag, std::string_view value) {
  return Base64Encode(std::string(tag) + ":" + std::string(value));
}

Result<std::string> ReadPageToken(std::string_view token, std::string_view tag) {
  auto decoded = Base64Decode(token);
  if (!decoded || !decoded->starts_with(std::string(tag) + ":")) {
    return AwsError("InvalidToken", 400, fmt::format("Invalid Token: '{}'", token));
  }
  return decoded->substr(tag.size() + 1);
}

Result<std::string> PageStart(const json::object& input, std::string_view tag) {
  ASSIGN_OR_RETURN(auto token, OptionalString(input, "nextToken", 1, 1024));
  if (!token) return std::string();
  return ReadPageToken(*token, tag);
}

Result<StatesArn> ParseStatesArn(std::string_view arn, std::initializer_list<std::string_view> types) {
  if (!arn.starts_with("arn:")) return AwsError("InvalidArn", 400, fmt::format("Invalid Arn: 'Invalid ARN prefix: {}'", arn));
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (int i = 0; i < 6; ++i) {
    size_t end = arn.find(':', start);
    if (end == std::string_view::npos) {
      parts.push_back(arn.substr(start));
      start = arn.size() + 1;
      break;
    }
    parts.push_back(arn.substr(start, end - start));
    start = end + 1;
  }
  if (parts.size() < 6 || start > arn.size() || parts[2] != "states") {
    return AwsError("InvalidArn", 400, fmt::format("Invalid Arn: 'Invalid ARN prefix: {}'", arn));
  }
  StatesArn parsed{std::string(parts[3]), std::string(parts[4]), std::string(parts[5]),
                   std::string(arn.substr(start))};
  for (auto type : types) {
    if (type == parsed.type && !parsed.rest.empty()) return parsed;
  }
  return AwsError("InvalidArn", 400,
                  fmt::format("Invalid Arn: 'Resource type not valid in this context: {}'", parsed.type));
}

double EpochSeconds(int64_t micros) { return std::floor(static_cast<double>(micros) / 1000.0) / 1000.0; }

}  // namespace sluice::states
