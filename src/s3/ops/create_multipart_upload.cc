// CreateMultipartUpload: starts an upload with the object's headers and, optionally, the
// checksum algorithm and type (FULL_OBJECT or COMPOSITE) its parts will carry.
#include <fmt/format.h>

#include "common/encoding.h"
#include "s3/access_control.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/responses.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

Result<http::Response> CreateMultipartUpload(S3Request& request) {
  const http::Headers& headers = request.http.headers;
  RETURN_IF_ERROR(CheckAclHeaders(headers));
  storage::MultipartOptions options;
  ASSIGN_OR_RETURN(options.headers, StoredHeadersFrom(headers));
  options.owner_account = request.account();
  if (auto algorithm = headers.Get("x-amz-checksum-algorithm")) {
    auto parsed = storage::ParseChecksumAlgorithm(*algorithm);
    if (!parsed) return storage::InvalidRequest("Value for x-amz-checksum-algorithm header is invalid.");
    options.checksum_algorithm = *parsed;
    options.checksum_type = *parsed == storage::ChecksumAlgorithm::kCrc64Nvme ? storage::ChecksumType::kFullObject
                                                                              : storage::ChecksumType::kComposite;
  }
  if (auto type = headers.Get("x-amz-checksum-type")) {
    auto parsed = storage::ParseChecksumType(*type);
    if (!parsed) return storage::InvalidRequest("Value for x-amz-checksum-type header is invalid.");
    if (options.checksum_algorithm == storage::ChecksumAlgorithm::kNone) {
      return storage::InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    }
    if (*parsed == storage::ChecksumType::kFullObject && !storage::IsCrc(options.checksum_algorithm)) {
      return storage::InvalidRequest(fmt::format("The FULL_OBJECT checksum type cannot be used with the {} checksum algorithm.",
                                                 AsciiLower(storage::ChecksumAlgorithmName(options.checksum_algorithm))));
    }
    if (*parsed == storage::ChecksumType::kComposite && options.checksum_algorithm == storage::ChecksumAlgorithm::kCrc64Nvme) {
      return storage::InvalidRequest("The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.");
    }
    options.checksum_type = *parsed;
  }
  ASSIGN_OR_RETURN(storage::UploadInfo upload, request.store.CreateMultipartUpload(request.bucket, request.key, options));

  XmlWriter xml("InitiateMultipartUploadResult");
  xml.Element("Bucket", request.bucket);
  xml.Element("Key", request.key);
  xml.Element("UploadId", upload.upload_id);
  http::Response response = XmlResponse(xml.Finish());
  if (upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone) {
    response.headers.Set("x-amz-checksum-algorithm", storage::ChecksumAlgorithmName(upload.checksum_algorithm));
    response.headers.Set("x-amz-checksum-type", storage::ChecksumTypeName(upload.checksum_type));
  }
  return response;
}

}  // namespace sluice::s3::ops
