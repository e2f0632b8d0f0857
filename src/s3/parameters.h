// Query parameters and headers shared by several S3 operations: bounded integers (max-keys,
// max-parts, ...), encoding-type, versionId on unversioned buckets, and the x-amz-copy-source
// header.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/request.h"

namespace sluice::s3 {

// The integer parameter `name`, `fallback` when absent; InvalidArgument unless it is an integer
// in [minimum, maximum] (values above maximum are clamped to it, as S3 does for max-keys).
Result<int64_t> IntegerParameter(const http::QueryParams& query, std::string_view name, int64_t fallback,
                                 int64_t minimum, int64_t maximum);

// The partNumber parameter of UploadPart / UploadPartCopy: InvalidArgument unless 1..10000.
Result<int> PartNumberParameter(const http::QueryParams& query);

// True for encoding-type=url; InvalidArgument for any other value.
Result<bool> UrlEncodingRequested(const http::QueryParams& query);

// Buckets are unversioned: a versionId other than "null" names nothing. InvalidArgument then.
Status CheckUnversioned(std::optional<std::string_view> version_id);

struct CopySource {
  std::string bucket;
  std::string key;
};
// Parses x-amz-copy-source ("[/]bucket/key[?versionId=...]", percent-encoded).
Result<CopySource> ParseCopySource(std::string_view header);

}  // namespace sluice::s3
