// Shared parameters: see parameters.h.
#include "s3/parameters.h"

#include <charconv>

#include <fmt/format.h>

#include "common/encoding.h"
#include "storage/errors.h"

namespace sluice::s3 {

Result<int64_t> IntegerParameter(const http::QueryParams& query, std::string_view name, int64_t fallback,
                                 int64_t minimum, int64_t maximum) {
  auto text = query.Get(name);
  if (!text) return fallback;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  bool whole = !text->empty() && end == text->data() + text->size();
  if (whole && error == std::errc::result_out_of_range && !text->starts_with('-')) return maximum;
  if (!whole || error != std::errc() || value < minimum) {
    return storage::InvalidArgumentFor(fmt::format("Provided {} not an integer or within integer range", name), name,
                                       *text);
  }
  return std::min(value, maximum);
}

Result<int> PartNumberParameter(const http::QueryParams& query) {
  auto number = IntegerParameter(query, "partNumber", 0, 1, 1 << 30);
  if (!number.ok() || *number < 1 || *number > 10000) {
    return storage::InvalidArgumentFor("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                                       query.Get("partNumber").value_or(""));
  }
  return static_cast<int>(*number);
}

Result<bool> UrlEncodingRequested(const http::QueryParams& query) {
  auto encoding = query.Get("encoding-type");
  if (!encoding) return false;
  if (EqualsIgnoreCase(*encoding, "url")) return true;
  return storage::InvalidArgumentFor("Invalid Encoding Method specified in Request", "encoding-type", *encoding);
}

Status CheckUnversioned(std::optional<std::string_view> version_id) {
  if (!version_id || *version_id == "null") return Status::Ok();
  return storage::InvalidArgumentFor("Invalid version id specified", "versionId", *version_id);
}

Result<CopySource> ParseCopySource(std::string_view header) {
  std::string_view text = TrimSpaces(header);
  std::optional<std::string_view> version;
  size_t question = text.find('?');
  if (question != std::string_view::npos) {
    std::string_view query = text.substr(question + 1);
    text = text.substr(0, question);
    if (query.starts_with("versionId=")) version = query.substr(10);
  }
  RETURN_IF_ERROR(CheckUnversioned(version));
  auto decoded = UriDecode(text);
  if (!decoded) return storage::InvalidArgumentFor("Invalid copy source encoding", "x-amz-copy-source", header);
  std::string_view path = *decoded;
  if (path.starts_with('/')) path.remove_prefix(1);
  size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    return storage::InvalidArgumentFor("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                                       "x-amz-copy-source", header);
  }
  return CopySource{std::string(path.substr(0, slash)), std::string(path.substr(slash + 1))};
}

}  // namespace sluice::s3
