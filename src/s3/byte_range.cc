// Range headers: see byte_range.h.
#include "s3/byte_range.h"

#include <charconv>

#include "common/encoding.h"
#include "storage/errors.h"

namespace sluice::s3 {

namespace {

std::optional<uint64_t> ParseNumber(std::string_view text) {
  text = TrimSpaces(text);
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<std::optional<ByteRange>> ResolveRange(std::string_view header, uint64_t size) {
  std::string_view text = TrimSpaces(header);
  if (!text.starts_with("bytes=")) return std::optional<ByteRange>();
  text.remove_prefix(6);
  if (text.find(',') != std::string_view::npos) return std::optional<ByteRange>();
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::optional<ByteRange>();
  std::string_view first_text = TrimSpaces(text.substr(0, dash));
  std::string_view last_text = TrimSpaces(text.substr(dash + 1));
  if (first_text.empty()) {
    auto suffix = ParseNumber(last_text);
    if (!suffix) return std::optional<ByteRange>();
    if (*suffix == 0 || size == 0) return storage::InvalidRange(size, header);
    uint64_t length = std::min(*suffix, size);
    return std::optional<ByteRange>(ByteRange{size - length, size - 1});
  }
  auto first = ParseNumber(first_text);
  if (!first) return std::optional<ByteRange>();
  uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    auto parsed = ParseNumber(last_text);
    if (!parsed || *parsed < *first) return std::optional<ByteRange>();
    last = std::min(*parsed, last);
  }
  if (*first >= size) return storage::InvalidRange(size, header);
  return std::optional<ByteRange>(ByteRange{*first, last});
}

std::optional<ByteRange> ParseExactRange(std::string_view header) {
  std::string_view text = TrimSpaces(header);
  if (!text.starts_with("bytes=")) return std::nullopt;
  text.remove_prefix(6);
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto first = ParseNumber(text.substr(0, dash));
  auto last = ParseNumber(text.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return ByteRange{*first, *last};
}

}  // namespace sluice::s3
