// GetBucketLocation: the bucket's region as its LocationConstraint (empty for us-east-1).
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> GetBucketLocation(S3Request& request) {
  ASSIGN_OR_RETURN(storage::BucketInfo bucket, request.store.GetBucket(request.bucket));
  XmlWriter xml("LocationConstraint");
  if (bucket.region != "us-east-1") {
    std::string text;
    XmlWriter::AppendEscaped(text, bucket.region);
    xml.Raw(text);
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
