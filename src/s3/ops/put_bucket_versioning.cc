// PutBucketVersioning: versioning is not available yet; the request is refused with
// NotImplemented so that no client believes its objects are versioned.
#include "s3/ops/operations.h"

namespace sluice::s3::ops {

Result<http::Response> PutBucketVersioning(S3Request& request) {
  return AwsError("NotImplemented", 501,
                  "Sluice does not support bucket versioning yet; buckets stay unversioned.");
}

}  // namespace sluice::s3::ops
