// What an upload request says about its payload's integrity, and checking it: Content-MD5,
// one x-amz-checksum-<algorithm> header, or the same checksum as an aws-chunked trailer
// (x-amz-trailer, with STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-
// PAYLOAD-TRAILER), and x-amz-sdk-checksum-algorithm. Failures carry S3's codes: InvalidDigest
// for a malformed Content-MD5, BadDigest for a mismatch, InvalidRequest for a malformed or
// inconsistent checksum header. Also renders an object's checksum as response headers.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "http/request.h"
#include "storage/checksum.h"
#include "storage/object_store.h"

namespace sluice::s3 {

struct PayloadChecks {
  std::optional<std::string> content_md5;  // raw 16 bytes
  storage::ChecksumAlgorithm algorithm = storage::ChecksumAlgorithm::kNone;
  std::optional<std::string> value;  // raw, from the header (absent for trailers)
  bool in_trailer = false;           // the value arrives in the aws-chunked trailer
};

Result<PayloadChecks> ParsePayloadChecks(const http::Request& request);

// After the body was read to its end: compares what was declared with what was computed
// (`written` must include the checksum of checks.algorithm).
Status VerifyPayload(const PayloadChecks& checks, const storage::WrittenBytes& written, const http::Request& request);

// "x-amz-checksum-crc32", ...
std::string ChecksumHeaderName(storage::ChecksumAlgorithm algorithm);
// Base64 of the value, with "-<parts>" for COMPOSITE checksums.
std::string ChecksumText(const storage::ObjectChecksum& checksum);
// Adds x-amz-checksum-<algorithm> and x-amz-checksum-type when the object has a checksum.
void AddChecksumHeaders(const storage::ObjectChecksum& checksum, http::Headers& headers);
// Decodes a base64 checksum value of `algorithm`; nullopt when malformed or of the wrong size.
std::optional<std::string> DecodeChecksum(storage::ChecksumAlgorithm algorithm, std::string_view text);

}  // namespace sluice::s3
