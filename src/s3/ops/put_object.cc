// PutObject: streams the body into the store (never holding it in memory), checking
// Content-MD5 and any x-amz-checksum (header or aws-chunked trailer) before the object becomes
// visible; If-None-Match: * and If-Match make it a conditional write.
#include "s3/access_control.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/payload_checks.h"
#include "s3/preconditions.h"
#include "s3/request_body.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> PutObject(S3Request& request) {
  const http::Headers& headers = request.http.headers;
  RETURN_IF_ERROR(CheckAclHeaders(headers));
  ASSIGN_OR_RETURN(PayloadChecks checks, ParsePayloadChecks(request.http));
  ASSIGN_OR_RETURN(uint64_t size, DeclaredPayloadSize(request.http, storage::kMaxPutSize));
  storage::PutOptions options;
  ASSIGN_OR_RETURN(options.headers, StoredHeadersFrom(headers));
  ASSIGN_OR_RETURN(options.conditions, ParseWriteConditions(headers));
  if (checks.algorithm != storage::ChecksumAlgorithm::kNone) options.checksum_algorithm = checks.algorithm;
  options.size_hint = size;
  options.verify = [&](const storage::WrittenBytes& written) { return VerifyPayload(checks, written, request.http); };

  RequestBodySource body(request.http.body);
  ASSIGN_OR_RETURN(storage::ObjectInfo object,
                   request.store.PutObject(request.bucket, request.key, body, std::move(options)));
  http::Response response = EmptyResponse(200);
  response.headers.Set("ETag", QuotedEtag(object.etag));
  AddChecksumHeaders(object.checksum, response.headers);
  return response;
}

}  // namespace sluice::s3::ops
