// Task tokens: see task_token.h. Layout: "SLT1" + base64url("<frame>|<nonce>|<execution arn>").
#include "states/interpreter/task_token.h"

#include <charconv>

#include "common/encoding.h"

namespace sluice::states {

namespace {

constexpr std::string_view kPrefix = "SLT1";

std::string ToUrlSafe(std::string text) {
  for (char& c : text) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::optional<std::string> FromUrlSafe(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (standard.size() % 4 != 0) standard += '=';
  return Base64Decode(standard);
}

}  // namespace

std::string MakeTaskToken(std::string_view execution_arn, uint32_t frame, std::string_view nonce) {
  std::string payload = std::to_string(frame) + "|" + std::string(nonce) + "|" + std::string(execution_arn);
  return std::string(kPrefix) + ToUrlSafe(Base64Encode(payload));
}

std::optional<TaskTokenParts> ParseTaskToken(std::string_view token) {
  if (!token.starts_with(kPrefix) || token.size() > 2048) return std::nullopt;
  auto payload = FromUrlSafe(token.substr(kPrefix.size()));
  if (!payload) return std::nullopt;
  size_t first = payload->find('|');
  size_t second = first == std::string::npos ? std::string::npos : payload->find('|', first + 1);
  if (second == std::string::npos) return std::nullopt;
  TaskTokenParts parts;
  auto [end, ec] = std::from_chars(payload->data(), payload->data() + first, parts.frame);
  if (ec != std::errc() || end != payload->data() + first) return std::nullopt;
  parts.nonce = payload->substr(first + 1, second - first - 1);
  parts.execution_arn = payload->substr(second + 1);
  if (parts.nonce.empty() || !parts.execution_arn.starts_with("arn:")) return std::nullopt;
  return parts;
}

}  // namespace sluice::states
