// AWS Signature Version 4, the computations shared by the verifier (server side) and the
// signer (Sluice's own clients): canonical request, string to sign, signing key, signature.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::http::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
// SHA-256 of the empty string, used in chunk signatures.
inline constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The canonical URI of a raw (percent-encoded) request path. S3 keeps the path as sent,
// only normalising its percent-encoding (an encoded '/' stays encoded); other services also
// resolve "." and ".." segments and encode the result a second time.
std::string CanonicalUri(std::string_view raw_path, bool is_s3);

// The canonical query string of a raw query, leaving out the parameter named `exclude`
// (X-Amz-Signature for presigned URLs).
std::string CanonicalQuery(std::string_view raw_query, std::string_view exclude = "");

// A header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed.
std::string CanonicalHeaderValue(std::string_view value);

struct CanonicalRequestParts {
  std::string_view method;
  std::string canonical_uri;
  std::string canonical_query;
  // (lowercase name, canonical value) in SignedHeaders order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string signed_headers;  // "host;x-amz-date"
  std::string_view payload_hash;
};

std::string CanonicalRequest(const CanonicalRequestParts& parts);

// "20240101/us-east-1/s3/aws4_request"
std::string Scope(std::string_view date, std::string_view region, std::string_view service);
std::string StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);
// The derived key: HMAC chain over date, region, service, "aws4_request". Raw bytes.
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);
// Lowercase hex HMAC of the string to sign.
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

// The string to sign of one aws-chunked chunk, and of the trailer.
std::string ChunkStringToSign(std::string_view amz_date, std::string_view scope, std::string_view previous_signature,
                              std::string_view chunk_sha256_hex);
std::string TrailerStringToSign(std::string_view amz_date, std::string_view scope,
                                std::string_view previous_signature, std::string_view trailer_sha256_hex);

// --- Signing requests (Sluice's own clients) ---

struct SigningCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region = "us-east-1";
};

// Adds x-amz-date, x-amz-content-sha256 (when is_s3) and Authorization to `headers`, signing
// every header given plus those. `headers` must include "host".
void SignHeaders(std::string_view method, std::string_view raw_path, std::string_view raw_query,
                 std::vector<std::pair<std::string, std::string>>& headers, std::string_view payload_sha256_hex,
                 const SigningCredentials& credentials, std::string_view service, int64_t now_micros);

// A presigned query string (without '?') for method + path on `host`, valid `expires_seconds`.
// `raw_query` holds any other parameters already on the URL.
std::string PresignQuery(std::string_view method, std::string_view host, std::string_view raw_path,
                         std::string_view raw_query, const SigningCredentials& credentials,
                         std::string_view service, int64_t now_micros, int64_t expires_seconds);

}  // namespace sluice::http::sigv4
