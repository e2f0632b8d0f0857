// GetObject and HeadObject: the object's stored headers, preconditions (412 / 304), a single
// byte range or one part (206, Content-Range; 416 when unsatisfiable), response-* overrides,
// and its checksum with x-amz-checksum-mode: ENABLED. GET bodies are sent from the blob file
// with sendfile.
#include <fmt/format.h>

#include "common/clock.h"
#include "common/encoding.h"
#include "s3/byte_range.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/payload_checks.h"
#include "s3/preconditions.h"
#include "s3/responses.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

namespace {

// Bodies up to this size are read into the response and go out with its header in one write;
// larger ones are sent from the blob file with sendfile.
constexpr uint64_t kInlineBodyBytes = 64 * 1024;

Status InvalidPartNumber(int requested, int actual) {
  return AwsError("InvalidPartNumber", 416, "The requested partnumber is not satisfiable")
      .WithDetail("PartNumberRequested", std::to_string(requested))
      .WithDetail("ActualPartCount", std::to_string(actual));
}

// The byte range of part `number` of `object` (a single-part object is its own part 1).
Result<ByteRange> PartRange(const storage::ObjectInfo& object, int number) {
  if (object.part_sizes.empty()) {
    if (number != 1) return InvalidPartNumber(number, 1);
    if (object.size == 0) return storage::InvalidRange(0, "partNumber=1");
    return ByteRange{0, object.size - 1};
  }
  if (number > static_cast<int>(object.part_sizes.size())) {
    return InvalidPartNumber(number, static_cast<int>(object.part_sizes.size()));
  }
  uint64_t offset = 0;
  for (int i = 0; i + 1 < number; ++i) offset += object.part_sizes[i];
  return ByteRange{offset, offset + object.part_sizes[number - 1] - 1};
}

Result<http::Response> ReadObject(S3Request& request, bool head) {
  const http::Headers& headers = request.http.headers;
  const http::QueryParams& query = request.http.query;
  RETURN_IF_ERROR(CheckUnversioned(query.Get("versionId")));
  std::optional<int> part_number;
  if (query.Has("partNumber")) {
    ASSIGN_OR_RETURN(part_number, PartNumberParameter(query));
    if (headers.Has("range")) {
      return storage::InvalidRequest("Cannot specify both Range header and partNumber query parameter");
    }
  }

  storage::ReadableObject object;
  if (head) {
    ASSIGN_OR_RETURN(object.info, request.store.HeadObject(request.bucket, request.key));
  } else {
    ASSIGN_OR_RETURN(object, request.store.OpenObject(request.bucket, request.key));
  }
  const storage::ObjectInfo& info = object.info;

  ReadPrecondition precondition = EvaluateReadPreconditions(headers, info);
  if (precondition.outcome == ReadOutcome::kPreconditionFailed) {
    return storage::PreconditionFailed(precondition.failed_header);
  }
  if (precondition.outcome == ReadOutcome::kNotModified) {
    http::Response response = EmptyResponse(304);
    response.headers.Set("ETag", QuotedEtag(info.etag));
    response.headers.Set("Last-Modified", FormatHttpDate(info.modified_micros));
    return response;
  }

  std::optional<ByteRange> range;
  if (part_number) {
    ASSIGN_OR_RETURN(ByteRange part, PartRange(info, *part_number));
    range = part;
  } else if (auto header = headers.Get("range")) {
    ASSIGN_OR_RETURN(range, ResolveRange(*header, info.size));
  }

  http::Response response = EmptyResponse(range ? 206 : 200);
  AddObjectHeaders(info, &query, response.headers);
  if (part_number && !info.part_sizes.empty()) response.headers.Set("x-amz-mp-parts-count", std::to_string(info.parts_count));
  if (range) {
    response.headers.Set("Content-Range", fmt::format("bytes {}-{}/{}", range->first, range->last, info.size));
  }
  bool whole = !range || (range->first == 0 && range->length() == info.size && !part_number);
  if (EqualsIgnoreCase(headers.GetOr("x-amz-checksum-mode", ""), "ENABLED") &&
      (whole || (part_number && info.part_sizes.empty()))) {
    AddChecksumHeaders(info.checksum, response.headers);
  }
  uint64_t first = range ? range->first : 0;
  uint64_t length = range ? range->length() : info.size;
  if (head) {
    response.headers.Set("Content-Length", std::to_string(length));
  } else if (length <= kInlineBodyBytes) {
    response.body.resize(length);
    RETURN_IF_ERROR(object.file.PReadExact(first, response.body.data(), length));
  } else {
    response.source = std::make_unique<http::FileRangeSource>(std::move(object.file), first, length);
  }
  return response;
}

}  // namespace

Result<http::Response> GetObject(S3Request& request) { return ReadObject(request, /*head=*/false); }

Result<http::Response> HeadObject(S3Request& request) { return ReadObject(request, /*head=*/true); }

}  // namespace sluice::s3::ops
