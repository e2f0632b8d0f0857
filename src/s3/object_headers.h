// The header fields S3 stores with an object and replays on GetObject/HeadObject: Content-Type,
// Cache-Control, Content-Disposition, Content-Encoding (without the aws-chunked transfer
// coding), Content-Language, Expires, x-amz-website-redirect-location, x-amz-storage-class and
// x-amz-meta-* user metadata (at most 2 KB, names lowercased) — plus the response-* query
// overrides of GetObject.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/request.h"
#include "storage/object_store.h"

namespace sluice::s3 {

// The stored headers a write request carries. MetadataTooLarge (400) past 2 KB of user
// metadata; InvalidStorageClass (400) for an unknown x-amz-storage-class. Write options Sluice
// cannot honour are refused: x-amz-tagging and SSE-C/KMS encryption (NotImplemented), Object Lock
// headers (InvalidRequest, as for an S3 bucket without Object Lock).
Result<storage::StoredHeaders> StoredHeadersFrom(const http::Headers& headers);

// "\"<etag>\"".
std::string QuotedEtag(std::string_view etag);

// The storage class recorded in stored headers ("STANDARD" when none).
std::string_view StorageClassOf(const storage::StoredHeaders& headers);

// Adds ETag, Last-Modified, Accept-Ranges, Content-Type (binary/octet-stream when none was
// stored) and the stored headers, with GetObject's response-* overrides from `query` applied.
void AddObjectHeaders(const storage::ObjectInfo& object, const http::QueryParams* query, http::Headers& out);

}  // namespace sluice::s3
