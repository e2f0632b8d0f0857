// Catalog page tokens: see page_token.h.
#include "catalog/page_token.h"

#include <charconv>

#include <fmt/format.h>

#include "common/encoding.h"

namespace sluice::catalog {

namespace {
constexpr std::string_view kVersion = "v1";
}

uint64_t Fingerprint(std::string_view bytes, uint64_t seed) {
  uint64_t hash = seed;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// Layout before base64: "v1\n<kind>\n<query hex>\n<position>".
std::string EncodePageToken(const PageToken& token) {
  return Base64Encode(fmt::format("{}\n{}\n{:016x}\n{}", kVersion, token.kind, token.query, token.position));
}

Result<PageToken> DecodePageToken(std::string_view text, std::string_view kind, uint64_t query) {
  auto invalid = [] { return AwsError("InvalidInputException", 400, "Invalid pagination token"); };
  auto decoded = Base64Decode(text);
  if (!decoded) return invalid();
  std::string_view rest = *decoded;
  auto field = [&rest](std::string_view* out) {
    size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return false;
    *out = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    return true;
  };
  std::string_view version, token_kind, query_hex;
  if (!field(&version) || !field(&token_kind) || !field(&query_hex)) return invalid();
  uint64_t token_query = 0;
  auto [end, error] = std::from_chars(query_hex.data(), query_hex.data() + query_hex.size(), token_query, 16);
  if (version != kVersion || token_kind != kind || error != std::errc() || end != query_hex.data() + query_hex.size() ||
      token_query != query) {
    return invalid();
  }
  PageToken token;
  token.kind = std::string(token_kind);
  token.query = token_query;
  token.position = std::string(rest);
  return token;
}

}  // namespace sluice::catalog
