// UploadPart: streams one part into the store, verifying Content-MD5 and the part's checksum
// (header or trailer), which must be of the upload's algorithm when it declared one.
#include <fmt/format.h>

#include "common/encoding.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/payload_checks.h"
#include "s3/request_body.h"
#include "s3/responses.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

Result<http::Response> UploadPart(S3Request& request) {
  ASSIGN_OR_RETURN(int part_number, PartNumberParameter(request.http.query));
  std::string upload_id(request.http.query.Get("uploadId").value_or(""));
  ASSIGN_OR_RETURN(PayloadChecks checks, ParsePayloadChecks(request.http));
  ASSIGN_OR_RETURN(uint64_t size, DeclaredPayloadSize(request.http, storage::kMaxPutSize));
  ASSIGN_OR_RETURN(storage::UploadInfo upload, request.store.GetMultipartUpload(request.bucket, request.key, upload_id));
  // An upload that declared an algorithm takes only parts that carry that checksum.
  if (upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone && checks.algorithm != upload.checksum_algorithm) {
    return storage::InvalidRequest(fmt::format(
        "Checksum Type mismatch occurred, expected checksum Type: {}, actual checksum Type: {}",
        AsciiLower(storage::ChecksumAlgorithmName(upload.checksum_algorithm)),
        checks.algorithm == storage::ChecksumAlgorithm::kNone
            ? std::string("null")
            : AsciiLower(storage::ChecksumAlgorithmName(checks.algorithm))));
  }
  storage::PartOptions options;
  options.verify_algorithm = checks.algorithm;
  options.size_hint = size;
  std::string request_checksum;
  options.verify = [&](const storage::WrittenBytes& written) {
    request_checksum = written.digests.checksum(checks.algorithm);
    return VerifyPayload(checks, written, request.http);
  };
  RequestBodySource body(request.http.body);
  ASSIGN_OR_RETURN(storage::PartInfo part,
                   request.store.UploadPart(request.bucket, request.key, upload_id, part_number, body, options));

  http::Response response = EmptyResponse(200);
  response.headers.Set("ETag", QuotedEtag(part.etag));
  if (upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone) {
    response.headers.Set(ChecksumHeaderName(upload.checksum_algorithm), Base64Encode(part.checksum));
  } else if (checks.algorithm != storage::ChecksumAlgorithm::kNone) {
    response.headers.Set(ChecksumHeaderName(checks.algorithm), Base64Encode(request_checksum));
  }
  return response;
}

}  // namespace sluice::s3::ops
