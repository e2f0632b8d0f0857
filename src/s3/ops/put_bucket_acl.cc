// PutBucketAcl: accepts a canned ACL header, or a policy that grants only the owner's
// FULL_CONTROL; other grants are NotImplemented.
#include "s3/access_control.h"
#include "s3/ops/operations.h"
#include "s3/request_body.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> PutBucketAcl(S3Request& request) {
  RETURN_IF_ERROR(CheckAclHeaders(request.http.headers));
  ASSIGN_OR_RETURN(std::string body, ReadSmallBody(request.http, request.options.max_xml_body_bytes));
  RETURN_IF_ERROR(CheckAccessControlPolicy(body, request.account()));
  return EmptyResponse(200);
}

}  // namespace sluice::s3::ops
