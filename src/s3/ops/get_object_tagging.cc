// GetObjectTagging: Sluice keeps no object tags (uploads that carry x-amz-tagging are refused),
// so an existing object's tag set is empty. Copy tools read it before copying.
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> GetObjectTagging(S3Request& request) {
  RETURN_IF_ERROR(CheckUnversioned(request.http.query.Get("versionId")));
  RETURN_IF_ERROR(request.store.HeadObject(request.bucket, request.key).status());
  XmlWriter xml("Tagging");
  xml.Raw("<TagSet></TagSet>");
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
