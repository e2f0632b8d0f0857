// Resource ARNs: see resource.h.
#include "states/integrations/resource.h"

#include <vector>

namespace sluice::states {

namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::optional<ResourceInfo> ParseResource(std::string_view arn) {
  // arn:partition:service:region:account:resource...
  auto parts = Split(arn, ':');
  if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty() || parts[2].empty()) return std::nullopt;
  ResourceInfo info;
  info.arn = std::string(arn);
  if (parts[2] == "lambda") {
    if (parts[5] != "function" || parts.size() < 7) return std::nullopt;
    info.kind = ResourceInfo::Kind::kLambdaFunction;
    info.resource_type = "lambda";
    info.resource = info.arn;
    return info;
  }
  if (parts[2] != "states") return std::nullopt;
  if (parts[5] == "activity") {
    if (parts.size() != 7 || parts[6].empty()) return std::nullopt;
    info.kind = ResourceInfo::Kind::kActivity;
    info.resource_type = "activity";
    info.resource = info.arn;
    return info;
  }
  // Service integrations: region and account are empty.
  if (!parts[3].empty() || !parts[4].empty()) return std::nullopt;
  std::vector<std::string_view> rest(parts.begin() + 5, parts.end());
  if (rest.empty() || rest[0].empty()) return std::nullopt;
  std::string_view action;
  std::string_view version;
  if (rest[0] == "aws-sdk") {
    if (rest.size() < 3 || rest[1].empty() || rest[2].empty()) return std::nullopt;
    info.sdk = true;
    info.service = std::string(rest[1]);
    info.resource_type = "aws-sdk:" + info.service;
    action = rest[2];
    if (rest.size() > 3) return std::nullopt;
  } else {
    if (rest.size() < 2 || rest[1].empty()) return std::nullopt;
    info.service = std::string(rest[0]);
    info.resource_type = info.service;
    action = rest[1];
    if (rest.size() == 3) version = rest[2];
    if (rest.size() > 3) return std::nullopt;
  }
  std::string_view base = action;
  if (action.ends_with(".sync")) {
    info.pattern = IntegrationPattern::kSync;
    base = action.substr(0, action.size() - 5);
  } else if (action.ends_with(".waitForTaskToken")) {
    info.pattern = IntegrationPattern::kCallback;
    base = action.substr(0, action.size() - 17);
  }
  if (!version.empty()) {
    if (info.pattern != IntegrationPattern::kSync || version != "2") return std::nullopt;
    info.sync_v2 = true;
  }
  if (base.empty()) return std::nullopt;
  info.action = std::string(base);
  info.resource = std::string(action);
  if (!version.empty()) info.resource += ":" + std::string(version);
  return info;
}

}  // namespace sluice::states
