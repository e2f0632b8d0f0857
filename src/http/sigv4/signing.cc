// SigV4 computations: see signing.h.
#include "http/sigv4/signing.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/encoding.h"

namespace sluice::http::sigv4 {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Re-encodes a raw path byte by byte in AWS's form; "%2F" stays encoded.
std::string NormalizeEncoding(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%' && i + 2 < raw.size() && HexDigit(raw[i + 1]) >= 0 && HexDigit(raw[i + 2]) >= 0) {
      char decoded = static_cast<char>(HexDigit(raw[i + 1]) * 16 + HexDigit(raw[i + 2]));
      out += decoded == '/' ? std::string("%2F") : UriEncode(std::string_view(&decoded, 1), false);
      i += 2;
    } else {
      out += UriEncode(std::string_view(&c, 1), /*keep_slash=*/true);
    }
  }
  return out;
}

std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view part = path.substr(pos, next - pos);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (part != "." && !part.empty()) {
      parts.push_back(part);
    }
    pos = next + 1;
  }
  std::string out;
  for (auto part : parts) {
    out += '/';
    out += part;
  }
  if (out.empty() || (path.size() > 1 && path.back() == '/')) out += '/';
  return out;
}

}  // namespace

std::string CanonicalUri(std::string_view raw_path, bool is_s3) {
  if (raw_path.empty()) return "/";
  if (is_s3) return NormalizeEncoding(raw_path);
  auto decoded = UriDecode(raw_path);
  std::string path = RemoveDotSegments(decoded ? *decoded : std::string(raw_path));
  std::string once = UriEncode(path, /*keep_slash=*/true);
  return UriEncode(once, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view raw_query, std::string_view exclude) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos < raw_query.size()) {
    size_t end = raw_query.find('&', pos);
    if (end == std::string_view::npos) end = raw_query.size();
    std::string_view part = raw_query.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view raw_name = part.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    auto name = UriDecode(raw_name);
    auto value = UriDecode(raw_value);
    std::string decoded_name = name ? *name : std::string(raw_name);
    if (!exclude.empty() && decoded_name == exclude) continue;
    params.emplace_back(UriEncode(decoded_name, false), UriEncode(value ? *value : std::string(raw_value), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) out += '&';
    out += params[i].first;
    out += '=';
    out += params[i].second;
  }
  return out;
}

std::string CanonicalHeaderValue(std::string_view value) {
  value = TrimSpaces(value);
  std::string out;
  out.reserve(value.size());
  bool in_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += c;
      in_space = false;
    }
  }
  return out;
}

std::string CanonicalRequest(const CanonicalRequestParts& parts) {
  std::string out;
  out.reserve(256);
  out += parts.method;
  out += '\n';
  out += parts.canonical_uri;
  out += '\n';
  out += parts.canonical_query;
  out += '\n';
  for (const auto& [name, value] : parts.headers) {
    out += name;
    out += ':';
    out += value;
    out += '\n';
  }
  out += '\n';
  out += parts.signed_headers;
  out += '\n';
  out += parts.payload_hash;
  return out;
}

std::string Scope(std::string_view date, std::string_view region, std::string_view service) {
  return fmt::format("{}/{}/{}/aws4_request", date, region, service);
}

std::string StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
  return fmt::format("{}\n{}\n{}\n{}", kAlgorithm, amz_date, scope, Sha256Hex(canonical_request));
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string key = HmacSha256("AWS4" + std::string(secret), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

std::string Signature(std::string_view signing_key, std::string_view string_to_sign) {
  return HexEncode(HmacSha256(signing_key, string_to_sign));
}

std::string ChunkStringToSign(std::string_view amz_date, std::string_view scope, std::string_view previous_signature,
                              std::string_view chunk_sha256_hex) {
  return fmt::format("AWS4-HMAC-SHA256-PAYLOAD\n{}\n{}\n{}\n{}\n{}", amz_date, scope, previous_signature, kEmptySha256,
                     chunk_sha256_hex);
}

std::string TrailerStringToSign(std::string_view amz_date, std::string_view scope,
                                std::string_view previous_signature, std::string_view trailer_sha256_hex) {
  return fmt::format("AWS4-HMAC-SHA256-TRAILER\n{}\n{}\n{}\n{}", amz_date, scope, previous_signature,
                     trailer_sha256_hex);
}

void SignHeaders(std::string_view method, std::string_view raw_path, std::string_view raw_query,
                 std::vector<std::pair<std::string, std::string>>& headers, std::string_view payload_sha256_hex,
                 const SigningCredentials& credentials, std::string_view service, int64_t now_micros) {
  std::string amz_date = FormatAmzDate(now_micros);
  std::string date = amz_date.substr(0, 8);
  bool is_s3 = service == "s3";
  headers.emplace_back("x-amz-date", amz_date);
  if (is_s3) headers.emplace_back("x-amz-content-sha256", std::string(payload_sha256_hex));

  std::vector<std::pair<std::string, std::string>> canonical;
  for (const auto& [name, value] : headers) canonical.emplace_back(AsciiLower(name), CanonicalHeaderValue(value));
  std::sort(canonical.begin(), canonical.end());
  std::string signed_headers;
  for (const auto& [name, value] : canonical) {
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }
  CanonicalRequestParts parts{method, CanonicalUri(raw_path, is_s3), CanonicalQuery(raw_query), canonical,
                              signed_headers, payload_sha256_hex};
  std::string scope = Scope(date, credentials.region, service);
  std::string signature = Signature(SigningKey(credentials.secret_access_key, date, credentials.region, service),
                                    StringToSign(amz_date, scope, CanonicalRequest(parts)));
  headers.emplace_back("Authorization",
                       fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                                   credentials.access_key_id, scope, signed_headers, signature));
}

std::string PresignQuery(std::string_view method, std::string_view host, std::string_view raw_path,
                         std::string_view raw_query, const SigningCredentials& credentials,
                         std::string_view service, int64_t now_micros, int64_t expires_seconds) {
  std::string amz_date = FormatAmzDate(now_micros);
  std::string date = amz_date.substr(0, 8);
  std::string scope = Scope(date, credentials.region, service);
  std::string query(raw_query);
  if (!query.empty()) query += '&';
  query += fmt::format("X-Amz-Algorithm={}&X-Amz-Credential={}&X-Amz-Date={}&X-Amz-Expires={}&X-Amz-SignedHeaders=host",
                       kAlgorithm, UriEncode(credentials.access_key_id + "/" + scope, false), amz_date,
                       expires_seconds);
  CanonicalRequestParts parts{method, CanonicalUri(raw_path, service == "s3"), CanonicalQuery(query),
                              {{"host", std::string(host)}}, "host", kUnsignedPayload};
  std::string signature = Signature(SigningKey(credentials.secret_access_key, date, credentials.region, service),
                                    StringToSign(amz_date, scope, CanonicalRequest(parts)));
  return query + "&X-Amz-Signature=" + signature;
}

}  // namespace sluice::http::sigv4
