// Request pieces: see request.h.
#include "http/request.h"

#include <cstring>

#include <fmt/format.h>

#include "common/encoding.h"

namespace sluice::http {

void Headers::Add(std::string_view name, std::string_view value) {
  items_.emplace_back(std::string(name), std::string(value));
}

void Headers::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void Headers::Remove(std::string_view name) {
  std::erase_if(items_, [&](const auto& item) { return EqualsIgnoreCase(item.first, name); });
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [key, value] : items_) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Headers::GetOr(std::string_view name, std::string_view fallback) const {
  auto value = Get(name);
  return value ? *value : fallback;
}

Result<QueryParams> QueryParams::Parse(std::string_view raw) {
  QueryParams params;
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t end = raw.find('&', pos);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view part = raw.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    QueryParam param;
    auto name = UriDecode(part.substr(0, eq), /*plus_as_space=*/true);
    if (!name) return InvalidArgument(fmt::format("malformed query parameter '{}'", part));
    param.name = std::move(*name);
    if (eq == std::string_view::npos) {
      param.has_value = false;
    } else {
      auto value = UriDecode(part.substr(eq + 1), /*plus_as_space=*/true);
      if (!value) return InvalidArgument(fmt::format("malformed query parameter '{}'", part));
      param.value = std::move(*value);
    }
    params.items_.push_back(std::move(param));
  }
  return params;
}

std::optional<std::string_view> QueryParams::Get(std::string_view name) const {
  for (const auto& param : items_) {
    if (param.name == name) return std::string_view(param.value);
  }
  return std::nullopt;
}

Result<std::string> ReadAll(BodyReader& body, size_t limit) {
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, body.Read(buffer, sizeof(buffer)));
    if (n == 0) return out;
    if (out.size() + n > limit) {
      return ResourceExhausted(fmt::format("request body exceeds the limit of {} bytes", limit));
    }
    out.append(buffer, n);
  }
}

Result<size_t> StringBodyReader::Read(char* buffer, size_t size) {
  size_t n = std::min(size, data_.size() - position_);
  std::memcpy(buffer, data_.data() + position_, n);
  position_ += n;
  return n;
}

void Request::WrapBody(std::unique_ptr<BodyReader> wrapper) {
  body = wrapper.get();
  body_owners_.push_back(std::move(wrapper));
}

}  // namespace sluice::http
