// HeadBucket: 200 with the bucket's region when it exists and is the caller's (the dispatcher
// checked both).
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> HeadBucket(S3Request& request) {
  ASSIGN_OR_RETURN(storage::BucketInfo bucket, request.store.GetBucket(request.bucket));
  http::Response response = EmptyResponse(200);
  response.headers.Set("x-amz-bucket-region", bucket.region);
  response.headers.Set("x-amz-access-point-alias", "false");
  return response;
}

}  // namespace sluice::s3::ops
