// HTTP preconditions as S3 applies them: If-Match / If-None-Match ETag lists, If-Modified-Since
// / If-Unmodified-Since dates (second precision; unparsable dates are ignored), for reads
// (GET/HEAD: 412 or 304), for copy sources (x-amz-copy-source-if-*: always 412), and for
// conditional writes (If-None-Match: * and If-Match on PutObject, CopyObject,
// CompleteMultipartUpload, DeleteObject).
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "common/status.h"
#include "http/request.h"
#include "storage/object_store.h"

namespace sluice::s3 {

// True when the header value ("*", or comma-separated ETags, quoted or not, W/ ignored) lists
// `etag` (unquoted).
bool EtagListMatches(std::string_view header, std::string_view etag);

enum class ReadOutcome { kProceed, kNotModified, kPreconditionFailed };

struct ReadPrecondition {
  ReadOutcome outcome = ReadOutcome::kProceed;
  std::string_view failed_header;  // for PreconditionFailed's <Condition>
};

// GET/HEAD: If-Match, If-Unmodified-Since (ignored when If-Match is present), If-None-Match,
// If-Modified-Since (ignored when If-None-Match is present).
ReadPrecondition EvaluateReadPreconditions(const http::Headers& headers, const storage::ObjectInfo& object);

// CopyObject / UploadPartCopy: the x-amz-copy-source-if-* headers against the source; any
// failure is PreconditionFailed (412).
Status CheckCopySourcePreconditions(const http::Headers& headers, const storage::ObjectInfo& source);

// If-Match / If-None-Match of a write. If-None-Match accepts only "*" (anything else is
// NotImplemented, as in S3); If-Match takes one ETag or "*".
Result<storage::WriteConditions> ParseWriteConditions(const http::Headers& headers);

}  // namespace sluice::s3
