// S3's Signature Version 2 query-string authentication (AWSAccessKeyId, Expires, Signature):
// what boto3 and the aws CLI ("aws s3 presign") still produce by default for presigned S3 URLs
// in us-east-1, and what S3 still accepts there. Only this presigned form of SigV2 is verified;
// SigV2 Authorization headers stay refused.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "common/credentials.h"
#include "common/status.h"
#include "http/request.h"
#include "http/sigv4/verifier.h"

namespace sluice::http::sigv4 {

// True when `request` carries SigV2 query authentication.
bool HasSigV2Query(const Request& request);

// Verifies a SigV2 presigned S3 request at `now_micros`. `public_host` is the S3 virtual-host
// suffix: a request to <bucket>.<public_host> signs "/<bucket>" + path as its resource.
// Failures: AccessDenied (missing or expired), InvalidAccessKeyId, SignatureDoesNotMatch (403).
Result<VerifiedRequest> VerifySigV2Query(const Request& request, const CredentialStore& store, int64_t now_micros,
                                         std::string_view public_host);

}  // namespace sluice::http::sigv4
