// SigV2 presigned S3 URLs: see sigv2_query.h.
#include "http/sigv4/sigv2_query.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/encoding.h"

namespace sluice::http::sigv4 {

namespace {

// The query parameters that are part of the signed resource (the list S3 clients sign).
constexpr std::string_view kSignedSubresources[] = {
    "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory", "lifecycle", "location",
    "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment",
    "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires", "restore", "select", "select-type",
    "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website"};

bool IsSignedSubresource(std::string_view name) {
  return std::find(std::begin(kSignedSubresources), std::end(kSignedSubresources), name) !=
         std::end(kSignedSubresources);
}

std::optional<std::string_view> QueryValue(const Request& request, std::string_view name) {
  for (const QueryParam& param : request.query.items()) {
    if (param.name == name) return std::string_view(param.value);
  }
  return std::nullopt;
}

// A header as signed: from the request, or from the query where presigning clients move it.
std::string SignedHeader(const Request& request, std::string_view name) {
  if (auto value = request.headers.Get(name)) return std::string(TrimSpaces(*value));
  for (const QueryParam& param : request.query.items()) {
    if (EqualsIgnoreCase(param.name, name)) return std::string(TrimSpaces(param.value));
  }
  return "";
}

// "/<bucket>" for a virtual-host request to <bucket>[.s3].<public_host>, else "".
std::string VirtualHostBucket(const Request& request, std::string_view public_host) {
  std::string host = AsciiLower(request.headers.GetOr("host", ""));
  if (size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) {
    host.resize(colon);
  }
  if (public_host.empty() || host.size() <= public_host.size() + 1 || !host.ends_with(public_host) ||
      host[host.size() - public_host.size() - 1] != '.') {
    return "";
  }
  std::string bucket = host.substr(0, host.size() - public_host.size() - 1);
  if (bucket.ends_with(".s3")) bucket.resize(bucket.size() - 3);
  if (bucket.empty() || bucket == "s3") return "";
  return "/" + bucket;
}

std::string StringToSign(const Request& request, std::string_view expires, std::string_view public_host) {
  std::string text = request.method + "\n";
  text += SignedHeader(request, "content-md5") + "\n";
  text += SignedHeader(request, "content-type") + "\n";
  text += std::string(expires) + "\n";
  std::map<std::string, std::string> amz;  // x-amz-* headers, lowercased and sorted
  for (const auto& [name, value] : request.headers.items()) {
    std::string lower = AsciiLower(name);
    if (!lower.starts_with("x-amz-")) continue;
    std::string& joined = amz[lower];
    if (!joined.empty()) joined += ',';
    joined += TrimSpaces(value);
  }
  for (const QueryParam& param : request.query.items()) {
    std::string lower = AsciiLower(param.name);
    if (lower.starts_with("x-amz-") && !amz.contains(lower)) amz[lower] = std::string(TrimSpaces(param.value));
  }
  for (const auto& [name, value] : amz) text += name + ":" + value + "\n";
  text += VirtualHostBucket(request, public_host) + request.raw_path;
  std::vector<const QueryParam*> subresources;
  for (const QueryParam& param : request.query.items()) {
    if (IsSignedSubresource(param.name)) subresources.push_back(&param);
  }
  std::stable_sort(subresources.begin(), subresources.end(),
                   [](const QueryParam* a, const QueryParam* b) { return a->name < b->name; });
  for (size_t i = 0; i < subresources.size(); ++i) {
    text += i == 0 ? '?' : '&';
    text += subresources[i]->name;
    if (subresources[i]->has_value) text += "=" + subresources[i]->value;
  }
  return text;
}

}  // namespace

bool HasSigV2Query(const Request& request) {
  return request.query.Has("AWSAccessKeyId") && request.query.Has("Signature");
}

Result<VerifiedRequest> VerifySigV2Query(const Request& request, const CredentialStore& store, int64_t now_micros,
                                         std::string_view public_host) {
  std::string_view access_key = QueryValue(request, "AWSAccessKeyId").value_or("");
  std::string_view signature = QueryValue(request, "Signature").value_or("");
  auto expires_text = QueryValue(request, "Expires");
  if (!expires_text) return AwsError("AccessDenied", 403, "Query-string authentication requires the Expires parameter");
  int64_t expires = 0;
  auto [end, error] = std::from_chars(expires_text->data(), expires_text->data() + expires_text->size(), expires);
  if (error != std::errc() || end != expires_text->data() + expires_text->size()) {
    return AwsError("AccessDenied", 403, "Invalid date (should be seconds since epoch)")
        .WithDetail("Expires", std::string(*expires_text));
  }
  auto credential = store.Find(access_key);
  if (!credential) {
    return AwsError("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.")
        .WithDetail("AWSAccessKeyId", std::string(access_key));
  }
  std::string string_to_sign = StringToSign(request, *expires_text, public_host);
  std::string expected = Base64Encode(HmacSha1(credential->secret_access_key, string_to_sign));
  if (!ConstantTimeEquals(expected, signature)) {
    return AwsError("SignatureDoesNotMatch", 403,
                    "The request signature we calculated does not match the signature you provided. Check your key "
                    "and signing method.")
        .WithDetail("AWSAccessKeyId", std::string(access_key))
        .WithDetail("StringToSign", string_to_sign)
        .WithDetail("SignatureProvided", std::string(signature));
  }
  if (now_micros / 1000000 > expires) {
    return AwsError("AccessDenied", 403, "Request has expired")
        .WithDetail("Expires", FormatIso8601(expires * 1000000))
        .WithDetail("ServerTime", FormatIso8601(now_micros));
  }
  VerifiedRequest verified;
  verified.credential = std::move(*credential);
  verified.service = "s3";
  verified.payload_hash = "UNSIGNED-PAYLOAD";
  verified.presigned = true;
  return verified;
}

}  // namespace sluice::http::sigv4
