// DeleteObject: 204 whether or not the key existed; with If-Match, only when the object has
// that ETag.
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/preconditions.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> DeleteObject(S3Request& request) {
  RETURN_IF_ERROR(CheckUnversioned(request.http.query.Get("versionId")));
  for (std::string_view unsupported : {"x-amz-if-match-size", "x-amz-if-match-last-modified-time"}) {
    if (request.http.headers.Has(unsupported)) {
      return AwsError("NotImplemented", 501, "A header you provided implies functionality that is not implemented")
          .WithDetail("Header", std::string(unsupported));
    }
  }
  ASSIGN_OR_RETURN(storage::WriteConditions conditions, ParseWriteConditions(request.http.headers));
  RETURN_IF_ERROR(request.store.DeleteObject(request.bucket, request.key, conditions));
  return EmptyResponse(204);
}

}  // namespace sluice::s3::ops
