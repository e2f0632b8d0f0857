// CopyObject: copies an object (within or across the caller's buckets) without moving bytes
// through the server; metadata is copied (COPY) or taken from the request (REPLACE); the
// x-amz-copy-source-if-* headers check the source, If-Match / If-None-Match the destination.
#include "common/clock.h"
#include "s3/access_control.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/payload_checks.h"
#include "s3/preconditions.h"
#include "s3/responses.h"
#include "s3/s3_api.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

Result<http::Response> CopyObject(S3Request& request) {
  const http::Headers& headers = request.http.headers;
  RETURN_IF_ERROR(CheckAclHeaders(headers));
  ASSIGN_OR_RETURN(CopySource source, ParseCopySource(headers.GetOr("x-amz-copy-source", "")));
  RETURN_IF_ERROR(CheckBucketOwner(request, source.bucket, "x-amz-source-expected-bucket-owner"));
  std::string directive(headers.GetOr("x-amz-metadata-directive", "COPY"));
  if (directive != "COPY" && directive != "REPLACE") {
    return storage::InvalidArgumentFor("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  }
  storage::CopyOptions options;
  ASSIGN_OR_RETURN(options.conditions, ParseWriteConditions(headers));
  ASSIGN_OR_RETURN(storage::StoredHeaders request_headers, StoredHeadersFrom(headers));
  if (directive == "REPLACE") options.replace_headers = request_headers;
  if (auto algorithm = headers.Get("x-amz-checksum-algorithm")) {
    auto parsed = storage::ParseChecksumAlgorithm(*algorithm);
    if (!parsed) return storage::InvalidRequest("Value for x-amz-checksum-algorithm header is invalid.");
    options.checksum_algorithm = *parsed;
  }
  bool new_storage_class = headers.Has("x-amz-storage-class");
  bool onto_itself = source.bucket == request.bucket && source.key == request.key;
  if (onto_itself && directive == "COPY" && !new_storage_class && !options.checksum_algorithm &&
      !headers.Has("x-amz-website-redirect-location")) {
    return storage::InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the "
        "object's metadata, storage class, website redirect location or encryption attributes.");
  }
  if (directive == "COPY" && new_storage_class) {
    // COPY keeps the source's headers but may change the storage class.
    ASSIGN_OR_RETURN(storage::ObjectInfo current, request.store.HeadObject(source.bucket, source.key));
    storage::StoredHeaders replaced;
    for (const auto& field : current.headers) {
      if (field.first != "x-amz-storage-class") replaced.push_back(field);
    }
    std::string_view storage_class = StorageClassOf(request_headers);
    if (storage_class != "STANDARD") replaced.emplace_back("x-amz-storage-class", std::string(storage_class));
    options.replace_headers = std::move(replaced);
  }
  options.check_source = [&headers](const storage::ObjectInfo& info) {
    return CheckCopySourcePreconditions(headers, info);
  };
  ASSIGN_OR_RETURN(storage::ObjectInfo copy,
                   request.store.CopyObject(source.bucket, source.key, request.bucket, request.key, options));

  XmlWriter xml("CopyObjectResult");
  xml.Element("LastModified", FormatIso8601(copy.modified_micros));
  xml.Element("ETag", QuotedEtag(copy.etag));
  if (copy.checksum.present() && !copy.checksum.value.empty()) {
    xml.Element("Checksum" + std::string(storage::ChecksumAlgorithmName(copy.checksum.algorithm)),
                ChecksumText(copy.checksum));
    xml.Element("ChecksumType", storage::ChecksumTypeName(copy.checksum.type));
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
