// GetBucketAcl: the owner's FULL_CONTROL, the only access Sluice grants.
#include "s3/access_control.h"
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> GetBucketAcl(S3Request& request) {
  return XmlResponse(OwnerFullControlPolicy(request.account()));
}

}  // namespace sluice::s3::ops
