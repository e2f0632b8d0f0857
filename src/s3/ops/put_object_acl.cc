// PutObjectAcl: as PutBucketAcl, for an object that exists.
#include "s3/access_control.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/request_body.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> PutObjectAcl(S3Request& request) {
  RETURN_IF_ERROR(CheckUnversioned(request.http.query.Get("versionId")));
  RETURN_IF_ERROR(CheckAclHeaders(request.http.headers));
  ASSIGN_OR_RETURN(std::string body, ReadSmallBody(request.http, request.options.max_xml_body_bytes));
  RETURN_IF_ERROR(CheckAccessControlPolicy(body, request.account()));
  RETURN_IF_ERROR(request.store.HeadObject(request.bucket, request.key).status());
  return EmptyResponse(200);
}

}  // namespace sluice::s3::ops
