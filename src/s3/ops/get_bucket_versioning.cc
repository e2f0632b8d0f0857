// GetBucketVersioning: Sluice's buckets are never versioned, which S3 shows as a
// VersioningConfiguration without a Status.
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> GetBucketVersioning(S3Request& request) {
  XmlWriter xml("VersioningConfiguration");
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
