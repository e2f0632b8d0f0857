// CreateBucket: a new bucket owned by the caller, in the region its LocationConstraint names
// (us-east-1 when none). Re-creating a bucket you own in us-east-1 succeeds without change, as
// S3 does there for legacy compatibility; elsewhere it is BucketAlreadyOwnedByYou.
#include <re2/re2.h>

#include "s3/access_control.h"
#include "s3/ops/operations.h"
#include "s3/request_body.h"
#include "s3/responses.h"
#include "s3/xml_reader.h"

namespace sluice::s3::ops {

namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";

Status InvalidLocationConstraint() {
  return AwsError("InvalidLocationConstraint", 400, "The specified location-constraint is not valid");
}

}  // namespace

Result<http::Response> CreateBucket(S3Request& request) {
  RETURN_IF_ERROR(CheckAclHeaders(request.http.headers, AclTarget::kNewBucket));
  if (auto ownership = request.http.headers.Get("x-amz-object-ownership")) {
    if (*ownership != "BucketOwnerEnforced" && *ownership != "BucketOwnerPreferred" && *ownership != "ObjectWriter") {
      return AwsError("InvalidArgument", 400, "Invalid x-amz-object-ownership header");
    }
  }
  ASSIGN_OR_RETURN(std::string body, ReadSmallBody(request.http, request.options.max_xml_body_bytes));
  std::string region(kDefaultRegion);
  bool constrained = false;
  if (!body.empty()) {
    ASSIGN_OR_RETURN(XmlDocument document, XmlDocument::Parse(body, "CreateBucketConfiguration"));
    if (auto constraint = document.root().ChildText("LocationConstraint")) {
      static const RE2 kRegion("[a-z]{2}(-[a-z]+)+-[0-9]+");
      if (*constraint == "EU") *constraint = "eu-west-1";
      if (*constraint == kDefaultRegion || !RE2::FullMatch(*constraint, kRegion)) return InvalidLocationConstraint();
      region = *constraint;
      constrained = true;
    }
  }
  auto created = request.store.CreateBucket(request.bucket, request.account(), region);
  if (!created.ok()) {
    if (created.status().aws_code() == "BucketAlreadyOwnedByYou" && !constrained) {
      auto existing = request.store.GetBucket(request.bucket);
      if (!existing.ok() || existing->region != kDefaultRegion) return created.status();
    } else {
      return created.status();
    }
  }
  http::Response response = EmptyResponse(200);
  response.headers.Set("Location", "/" + request.bucket);
  return response;
}

}  // namespace sluice::s3::ops
