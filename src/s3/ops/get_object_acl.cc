// GetObjectAcl: the owner's FULL_CONTROL for an object that exists.
#include "s3/access_control.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> GetObjectAcl(S3Request& request) {
  RETURN_IF_ERROR(CheckUnversioned(request.http.query.Get("versionId")));
  RETURN_IF_ERROR(request.store.HeadObject(request.bucket, request.key).status());
  return XmlResponse(OwnerFullControlPolicy(request.account()));
}

}  // namespace sluice::s3::ops
