// SigV4 verification: see verifier.h.
#include "http/sigv4/verifier.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "common/crypto.h"
#include "common/encoding.h"
#include "http/sigv4/sigv2_query.h"
#include "http/sigv4/signing.h"

namespace sluice::http::sigv4 {

namespace {

// The pieces of a signature, from either the header or the query string.
struct SignatureParts {
  std::string access_key_id;
  std::string date;  // from the credential scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signed_headers_text;
  std::string signature;
  std::string amz_date;
  int64_t expires_seconds = -1;  // presigned only
  bool presigned = false;
};

// Error builders per failure kind and protocol.
Status Missing(Protocol p) {
  if (p == Protocol::kS3) return AwsError("AccessDenied", 403, "Access Denied");
  return AwsError("MissingAuthenticationTokenException", 400, "Request is missing Authentication Token");
}

Status Malformed(Protocol p, std::string s3_message, std::string json_message) {
  if (p == Protocol::kS3) return AwsError("AuthorizationHeaderMalformed", 400, std::move(s3_message));
  return AwsError("IncompleteSignatureException", 400, std::move(json_message));
}

Status QueryMalformed(Protocol p, std::string message) {
  if (p == Protocol::kS3) return AwsError("AuthorizationQueryParametersError", 400, std::move(message));
  return AwsError("IncompleteSignatureException", 400, std::move(message));
}

Status UnknownKey(Protocol p, const std::string& key) {
  if (p == Protocol::kS3) {
    return AwsError("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.")
        .WithDetail("AWSAccessKeyId", key);
  }
  return AwsError("UnrecognizedClientException", 400, "The security token included in the request is invalid.");
}

std::vector<std::string> SplitOn(std::string_view text, char separator) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t next = text.find(separator, pos);
    if (next == std::string_view::npos) next = text.size();
    out.emplace_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

// "AKID/20240101/us-east-1/s3/aws4_request"
bool ParseCredential(std::string_view credential, SignatureParts& parts) {
  auto pieces = SplitOn(credential, '/');
  if (pieces.size() != 5 || pieces[0].empty() || pieces[1].size() != 8 || pieces[2].empty() || pieces[3].empty() ||
      pieces[4] != "aws4_request") {
    return false;
  }
  parts.access_key_id = pieces[0];
  parts.date = pieces[1];
  parts.region = pieces[2];
  parts.service = pieces[3];
  return true;
}

Status ParseAuthorizationHeader(std::string_view header, Protocol protocol, SignatureParts& parts) {
  if (!header.starts_with(kAlgorithm)) {
    if (protocol == Protocol::kS3) {
      return AwsError("InvalidRequest", 400,
                      "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
    }
    return AwsError("IncompleteSignatureException", 400,
                    "Authorization header requires the AWS4-HMAC-SHA256 algorithm.");
  }
  std::string_view rest = TrimSpaces(header.substr(kAlgorithm.size()));
  std::map<std::string, std::string, std::less<>> fields;
  for (const auto& piece : SplitOn(rest, ',')) {
    std::string_view item = TrimSpaces(piece);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    fields.emplace(std::string(TrimSpaces(item.substr(0, eq))), std::string(TrimSpaces(item.substr(eq + 1))));
  }
  for (const char* required : {"Credential", "SignedHeaders", "Signature"}) {
    if (!fields.contains(required)) {
      return Malformed(protocol,
                       fmt::format("The authorization header is malformed; the authorization header requires three "
                                   "components: Credential, SignedHeaders, and Signature."),
                       fmt::format("Authorization header requires '{}' parameter. Authorization={}", required, header));
    }
  }
  if (!ParseCredential(fields["Credential"], parts)) {
    return Malformed(protocol,
                     "The authorization header is malformed; the Credential is mal-formed; expecting "
                     "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
                     "Credential should be scoped to a valid region, service and date.");
  }
  parts.signed_headers_text = fields["SignedHeaders"];
  parts.signed_headers = SplitOn(parts.signed_headers_text, ';');
  parts.signature = fields["Signature"];
  return Status::Ok();
}

Status ParsePresignedQuery(const QueryParams& query, Protocol protocol, SignatureParts& parts) {
  auto algorithm = query.Get("X-Amz-Algorithm");
  auto credential = query.Get("X-Amz-Credential");
  auto date = query.Get("X-Amz-Date");
  auto expires = query.Get("X-Amz-Expires");
  auto signed_headers = query.Get("X-Amz-SignedHeaders");
  auto signature = query.Get("X-Amz-Signature");
  if (!algorithm || !credential || !date || !signed_headers || !signature || (protocol == Protocol::kS3 && !expires)) {
    return QueryMalformed(protocol,
                          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                          "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  if (*algorithm != kAlgorithm) {
    return QueryMalformed(protocol, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  if (!ParseCredential(*credential, parts)) {
    return QueryMalformed(protocol,
                          "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                          "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  }
  if (expires) {
    int64_t value = 0;
    bool digits = !expires->empty() && expires->size() <= 12;
    for (char c : *expires) {
      if (c < '0' || c > '9') digits = false;
      else value = value * 10 + (c - '0');
    }
    if (!digits) return QueryMalformed(protocol, "X-Amz-Expires should be a number");
    parts.expires_seconds = value;
  }
  parts.amz_date = std::string(*date);
  parts.signed_headers_text = std::string(*signed_headers);
  parts.signed_headers = SplitOn(parts.signed_headers_text, ';');
  parts.signature = std::string(*signature);
  parts.presigned = true;
  return Status::Ok();
}

std::string SpacedHex(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i) out += ' ';
    out += fmt::format("{:02x}", static_cast<unsigned char>(text[i]));
  }
  return out;
}

}  // namespace

bool Verifier::HasAuthentication(const Request& request) {
  return request.headers.Has("authorization") || request.query.Has("X-Amz-Signature") ||
         request.query.Has("X-Amz-Credential");
}

Result<VerifiedRequest> Verifier::Verify(const Request& request, Protocol protocol, std::string_view expected_service,
                                         std::string_view body_sha256_hex) const {
  SignatureParts parts;
  if (auto header = request.headers.Get("authorization")) {
    RETURN_IF_ERROR(ParseAuthorizationHeader(*header, protocol, parts));
    if (auto amz_date = request.headers.Get("x-amz-date")) {
      parts.amz_date = std::string(*amz_date);
    } else if (auto date = request.headers.Get("date")) {
      auto micros = ParseHttpDate(*date);
      if (micros) parts.amz_date = FormatAmzDate(*micros);
    }
    if (parts.amz_date.empty()) {
      if (protocol == Protocol::kS3) {
        return AwsError("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header");
      }
      return AwsError("IncompleteSignatureException", 400,
                      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
  } else if (request.query.Has("X-Amz-Signature") || request.query.Has("X-Amz-Credential") ||
             request.query.Has("X-Amz-Algorithm")) {
    RETURN_IF_ERROR(ParsePresignedQuery(request.query, protocol, parts));
  } else if (HasSigV2Query(request)) {
    // Signature Version 2 query authentication, as boto3 and the aws CLI presign S3 URLs by default.
    if (protocol == Protocol::kS3) return VerifySigV2Query(request, *store_, clock_->NowMicros(), options_.s3_public_host);
    return AwsError("IncompleteSignatureException", 400, "Signature Version 2 is not supported; use SigV4.");
  } else {
    return Missing(protocol);
  }

  auto request_time = ParseAmzDate(parts.amz_date);
  if (!request_time) {
    if (protocol == Protocol::kS3) {
      if (parts.presigned) return QueryMalformed(protocol, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
      return AwsError("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header");
    }
    return AwsError("IncompleteSignatureException", 400, "Date must be in ISO-8601 'basic format'.");
  }

  if (parts.service != expected_service) {
    if (protocol == Protocol::kS3) {
      return AwsError("AuthorizationHeaderMalformed", 400,
                      fmt::format("The authorization header is malformed; incorrect service \"{}\". This endpoint "
                                  "belongs to \"{}\".",
                                  parts.service, expected_service));
    }
    return AwsError("InvalidSignatureException", 400,
                    fmt::format("Credential should be scoped to correct service: '{}'. ", expected_service));
  }

  auto credential = store_->Find(parts.access_key_id);
  if (!credential) return UnknownKey(protocol, parts.access_key_id);

  if (parts.date != parts.amz_date.substr(0, 8)) {
    if (protocol == Protocol::kS3) {
      return AwsError("AuthorizationHeaderMalformed", 400,
                      fmt::format("The authorization header is malformed; Invalid credential date \"{}\". This date is "
                                  "not the same as X-Amz-Date: \"{}\".",
                                  parts.date, parts.amz_date.substr(0, 8)));
    }
    return AwsError("InvalidSignatureException", 400,
                    fmt::format("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                                "HTTP: '{}' != '{}', from '{}'.",
                                parts.date, parts.amz_date.substr(0, 8), parts.amz_date));
  }

  const int64_t now = clock_->NowMicros();
  const int64_t skew = options_.max_skew_seconds * 1000000;
  if (parts.presigned) {
    if (parts.expires_seconds > options_.max_presign_expiry_seconds) {
      return QueryMalformed(protocol, fmt::format("X-Amz-Expires must be less than a week (in seconds) that is {}",
                                                  options_.max_presign_expiry_seconds));
    }
    if (parts.expires_seconds >= 0 && now > *request_time + parts.expires_seconds * 1000000) {
      if (protocol == Protocol::kS3) {
        return AwsError("AccessDenied", 403, "Request has expired")
            .WithDetail("X-Amz-Expires", std::to_string(parts.expires_seconds))
            .WithDetail("Expires", FormatIso8601(*request_time + parts.expires_seconds * 1000000))
            .WithDetail("ServerTime", FormatIso8601(now));
      }
      return AwsError("InvalidSignatureException", 400,
                      fmt::format("Signature expired: {} is now earlier than {}", parts.amz_date, FormatAmzDate(now)));
    }
    if (*request_time > now + skew) {
      if (protocol == Protocol::kS3) return AwsError("AccessDenied", 403, "Request is not valid yet");
      return AwsError("InvalidSignatureException", 400, "Signature not yet current");
    }
  } else if (*request_time < now - skew || *request_time > now + skew) {
    if (protocol == Protocol::kS3) {
      return AwsError("RequestTimeTooSkewed", 403,
                      "The difference between the request time and the current time is too large.")
          .WithDetail("RequestTime", parts.amz_date)
          .WithDetail("ServerTime", FormatIso8601(now))
          .WithDetail("MaxAllowedSkewMilliseconds", std::to_string(options_.max_skew_seconds * 1000));
    }
    if (*request_time < now - skew) {
      return AwsError("InvalidSignatureException", 400,
                      fmt::format("Signature expired: {} is now earlier than {} ({} - {} min.)", parts.amz_date,
                                  FormatAmzDate(now - skew), FormatAmzDate(now), options_.max_skew_seconds / 60));
    }
    return AwsError("InvalidSignatureException", 400,
                    fmt::format("Signature not yet current: {} is still later than {} ({} + {} min.)", parts.amz_date,
                                FormatAmzDate(now + skew), FormatAmzDate(now), options_.max_skew_seconds / 60));
  }

  // The payload hash that was signed.
  std::string payload_hash;
  if (protocol == Protocol::kS3) {
    if (auto declared = request.headers.Get("x-amz-content-sha256")) {
      payload_hash = std::string(*declared);
    } else if (parts.presigned) {
      payload_hash = std::string(kUnsignedPayload);
    } else {
      return AwsError("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256");
    }
  } else {
    payload_hash = std::string(body_sha256_hex);
  }

  // Canonical headers: each signed header's values, in SignedHeaders order.
  CanonicalRequestParts canonical;
  canonical.method = request.method;
  canonical.canonical_uri = CanonicalUri(request.raw_path, protocol == Protocol::kS3);
  canonical.canonical_query = CanonicalQuery(request.raw_query, parts.presigned ? "X-Amz-Signature" : "");
  for (const auto& name : parts.signed_headers) {
    std::string value;
    bool found = false;
    for (const auto& [header_name, header_value] : request.headers.items()) {
      if (!EqualsIgnoreCase(header_name, name)) continue;
      if (found) value += ',';
      value += CanonicalHeaderValue(header_value);
      found = true;
    }
    canonical.headers.emplace_back(AsciiLower(name), std::move(value));
  }
  canonical.signed_headers = parts.signed_headers_text;
  canonical.payload_hash = payload_hash;
  std::string canonical_request = CanonicalRequest(canonical);

  VerifiedRequest verified;
  verified.scope = Scope(parts.date, parts.region, parts.service);
  verified.signing_key = SigningKey(credential->secret_access_key, parts.date, parts.region, parts.service);
  std::string string_to_sign = StringToSign(parts.amz_date, verified.scope, canonical_request);
  std::string expected = Signature(verified.signing_key, string_to_sign);
  if (!ConstantTimeEquals(expected, AsciiLower(parts.signature))) {
    if (protocol == Protocol::kS3) {
      return AwsError("SignatureDoesNotMatch", 403,
                      "The request signature we calculated does not match the signature you provided. Check your key "
                      "and signing method.")
          .WithDetail("AWSAccessKeyId", parts.access_key_id)
          .WithDetail("StringToSign", string_to_sign)
          .WithDetail("SignatureProvided", parts.signature)
          .WithDetail("StringToSignBytes", SpacedHex(string_to_sign))
          .WithDetail("CanonicalRequest", canonical_request)
          .WithDetail("CanonicalRequestBytes", SpacedHex(canonical_request));
    }
    return AwsError("InvalidSignatureException", 400,
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                    "Secret Access Key and signing method. Consult the service documentation for details.");
  }

  verified.credential = std::move(*credential);
  verified.amz_date = parts.amz_date;
  verified.date = parts.date;
  verified.region = parts.region;
  verified.service = parts.service;
  verified.seed_signature = AsciiLower(parts.signature);
  verified.payload_hash = std::move(payload_hash);
  verified.presigned = parts.presigned;
  return verified;
}

}  // namespace sluice::http::sigv4
