// Verifies the SigV4 signature of an incoming request in either form — the Authorization
// header or a presigned query string — against the credential store, with the clock-skew and
// expiry rules of AWS, and reports failures with the error code and HTTP status AWS uses for
// the request's protocol (S3's XML codes, or the JSON services' codes).
//
// Thread safety: a Verifier is immutable after construction and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/credentials.h"
#include "common/status.h"
#include "http/request.h"

namespace sluice::http::sigv4 {

enum class Protocol { kS3, kJson };

// What a successful verification established; the chunk decoder needs the signing key and
// the seed signature to check each aws-chunked chunk.
struct VerifiedRequest {
  Credential credential;
  std::string amz_date;        // "20240101T000000Z"
  std::string date;            // "20240101"
  std::string region;
  std::string service;
  std::string scope;
  std::string signing_key;     // raw derived key
  std::string seed_signature;  // the request's signature
  std::string payload_hash;    // as signed: hex SHA-256, UNSIGNED-PAYLOAD or STREAMING-...
  bool presigned = false;
};

struct VerifierOptions {
  int64_t max_skew_seconds = 15 * 60;         // AWS allows 15 minutes either way
  int64_t max_presign_expiry_seconds = 604800;  // one week
  std::string s3_public_host = "localhost";     // S3 virtual-host suffix (SigV2 presigned resources)
};

class Verifier {
 public:
  Verifier(const CredentialStore* store, const Clock* clock, VerifierOptions options)
      : store_(store), clock_(clock), options_(options) {}

  // Verifies `request`. For JSON services `body_sha256_hex` is the hash of the body already
  // read; for S3 it is empty and the x-amz-content-sha256 header (or UNSIGNED-PAYLOAD for
  // presigned URLs) is what was signed. Failures carry AWS's code for `protocol`:
  //   S3: AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed,
  //       AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidRequest
  //   JSON: MissingAuthenticationTokenException, UnrecognizedClientException,
  //       InvalidSignatureException, IncompleteSignatureException
  // `expected_service` is the signing name the endpoint answers to ("s3", "glue", ...).
  Result<VerifiedRequest> Verify(const Request& request, Protocol protocol, std::string_view expected_service,
                                 std::string_view body_sha256_hex) const;

  // True when the request carries any SigV4 material (header or query).
  static bool HasAuthentication(const Request& request);
  // (Signature Version 2 is verified for presigned S3 URLs only, which boto3 and the aws CLI
  // still produce by default: see sigv2_query.h. SigV2 Authorization headers are refused with
  // AWS's "please use AWS4-HMAC-SHA256" InvalidRequest.)

 private:
  const CredentialStore* store_;
  const Clock* clock_;
  const VerifierOptions options_;
};

}  // namespace sluice::http::sigv4
