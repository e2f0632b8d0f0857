// UploadPartCopy: a part copied from (a byte range of) an existing object, with the
// x-amz-copy-source-if-* preconditions checked against the source.
#include "common/clock.h"
#include "common/encoding.h"
#include "s3/byte_range.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/payload_checks.h"
#include "s3/preconditions.h"
#include "s3/responses.h"
#include "s3/s3_api.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

Result<http::Response> UploadPartCopy(S3Request& request) {
  const http::Headers& headers = request.http.headers;
  ASSIGN_OR_RETURN(int part_number, PartNumberParameter(request.http.query));
  std::string upload_id(request.http.query.Get("uploadId").value_or(""));
  ASSIGN_OR_RETURN(CopySource source, ParseCopySource(headers.GetOr("x-amz-copy-source", "")));
  RETURN_IF_ERROR(CheckBucketOwner(request, source.bucket, "x-amz-source-expected-bucket-owner"));
  std::optional<std::pair<uint64_t, uint64_t>> range;
  if (auto header = headers.Get("x-amz-copy-source-range")) {
    auto parsed = ParseExactRange(*header);
    if (!parsed) {
      return storage::InvalidArgumentFor(
          "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the "
          "zero-based offsets of the first and last bytes to copy",
          "x-amz-copy-source-range", *header);
    }
    range.emplace(parsed->first, parsed->last);
  }
  ASSIGN_OR_RETURN(storage::UploadInfo upload, request.store.GetMultipartUpload(request.bucket, request.key, upload_id));
  ASSIGN_OR_RETURN(storage::PartInfo part,
                   request.store.UploadPartCopy(request.bucket, request.key, upload_id, part_number, source.bucket,
                                                source.key, range, [&headers](const storage::ObjectInfo& info) {
                                                  return CheckCopySourcePreconditions(headers, info);
                                                }));
  XmlWriter xml("CopyPartResult");
  xml.Element("LastModified", FormatIso8601(part.modified_micros));
  xml.Element("ETag", QuotedEtag(part.etag));
  if (upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone) {
    xml.Element("Checksum" + std::string(storage::ChecksumAlgorithmName(upload.checksum_algorithm)),
                Base64Encode(part.checksum));
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
