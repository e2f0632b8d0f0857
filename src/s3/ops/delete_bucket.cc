// DeleteBucket: removes an empty bucket (BucketNotEmpty while objects remain); multipart uploads
// still in progress go with it.
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> DeleteBucket(S3Request& request) {
  RETURN_IF_ERROR(request.store.DeleteBucket(request.bucket));
  return EmptyResponse(204);
}

}  // namespace sluice::s3::ops
